import { z } from 'zod';
import { parseDuration } from '../util/parse-duration.js';

/**
 * The suite file's schema. It is the single source of truth: the TypeScript types, the validation
 * and the shipped `suites/schema.json` (for editor completion) all come from here.
 */

const parses = (parse: (s: string) => number) => (s: string) => {
  try {
    parse(s);
    return true;
  } catch {
    return false;
  }
};

export const Duration = z
  .union([z.number().nonnegative(), z.string().refine(parses(parseDuration), 'expected a duration like 30s, 5m, 1m30s, 500ms or a number of seconds')])
  .meta({ description: 'A duration: seconds as a number, or text like 500ms, 30s, 5m, 2h.' });

const Glob = z.string().min(1).meta({ description: 'A name or glob (`*`, `?`, `[abc]`), e.g. `DNS::*`, `worker-*`.' });

const ZeekSettings = z
  .strictObject({
    scripts: z
      .array(z.string().min(1))
      .default([])
      .meta({
        description:
          'Scripts and packages Zeek loads after the measuring package: paths relative to the suite file (files, or package directories with __load__.zeek) or script names Zeek resolves on its ZEEKPATH, like `local` or `policy/frameworks/notice`.',
      }),
    redefs: z
      .record(z.string().regex(/^[A-Za-z_][\w:]*$/, 'expected a Zeek identifier like HTTP::max_pending'), z.union([z.string(), z.number(), z.boolean()]))
      .default({})
      .meta({ description: 'Command-line redefs, e.g. `{ "HTTP::default_capture_password": true }`. Booleans become T/F.' }),
    args: z.array(z.string()).default([]).meta({ description: 'Extra zeek arguments, placed before the scripts (e.g. `-b` for bare mode).' }),
    env: z.record(z.string(), z.string()).default({}).meta({ description: 'Extra environment variables for zeek.' }),
    interval: Duration.default('30s').meta({ description: 'my_stats::run_interval: time between footprint dumps, in trace time. Default 30s.' }),
    first_delay: Duration.optional().meta({ description: 'my_stats::first_delay: delay of the first dump after the first packet. Default 0.' }),
  })
  .meta({ description: 'How zeek is run for each trace.' });

const TraceEntry = z.union([
  z.string().min(1).meta({ description: 'A trace path or glob relative to the suite file (.pcap, .pcapng, or their .gz).' }),
  z.strictObject({
    path: z.string().min(1).meta({ description: 'A trace path or glob relative to the suite file.' }),
    name: z.string().min(1).optional().meta({ description: 'Label used in reports and the baseline (default: the file name).' }),
  }),
]);

export const MEASURES = ['final', 'max', 'each'] as const;
export const TIMINGS = ['footprint_call', 'wall', 'peak_rss'] as const;

const Increase = z
  .strictObject({
    percent: z.number().nonnegative().optional().meta({ description: 'Allowed growth against the baseline, in percent.' }),
    absolute: z.union([z.number().nonnegative(), z.string()]).optional().meta({
      description: 'Allowed growth against the baseline as an amount: footprint entries, or for timings a duration/size (50ms, 64MB).',
    }),
  })
  .refine((v) => v.percent !== undefined || v.absolute !== undefined, { message: 'give percent, absolute, or both' })
  .meta({
    description:
      'Allowed change against the baseline. With both percent and absolute, a check fails only when both are exceeded, so a tiny variable growing from 3 to 6 does not fail a build.',
  });

export const RuleSchema = z
  .strictObject({
    name: z.string().min(1).optional().meta({ description: 'A label for the report.' }),
    variable: Glob.optional().meta({ description: 'Select each global variable whose name matches; the rule applies to every match on its own.' }),
    module: Glob.optional().meta({ description: "Select each module whose name matches; the rule applies to the module's summed footprint." }),
    total: z.literal(true).optional().meta({ description: 'Select the total footprint of all globals.' }),
    timing: z.enum(TIMINGS).optional().meta({
      description:
        'Select a timing figure (median over repeats): footprint_call = duration of global_container_footprints() (slowest dump), wall = zeek wall time per trace, peak_rss = peak resident memory.',
    }),
    trace: Glob.optional().meta({ description: 'Only for traces whose label matches.' }),
    node: Glob.optional().meta({ description: 'Only for nodes whose name matches (cluster logs).' }),
    measure: z.enum(MEASURES).default('final').meta({
      description: 'Which footprint counts: at the final dump (default), the maximum over all dumps, or each dump on its own.',
    }),
    max: z.union([z.number().nonnegative(), z.string()]).optional().meta({
      description: 'Absolute ceiling: footprint entries, or for timings a duration (2s) or size (512MB).',
    }),
    increase: Increase.optional(),
    level: z.enum(['error', 'warn']).default('error').meta({ description: 'error fails the build; warn only reports.' }),
  })
  .superRefine((rule, ctx) => {
    const selectors = (['variable', 'module', 'total', 'timing'] as const).filter((k) => rule[k] !== undefined);
    if (selectors.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: selectors.length === 0
          ? 'a rule needs one selector: variable, module, total or timing'
          : `a rule has exactly one selector, got ${selectors.join(' and ')}`,
      });
    }
    if (rule.max === undefined && rule.increase === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a rule needs a limit: max, increase, or both' });
    }
    if (rule.timing !== undefined && rule.measure === 'each') {
      ctx.addIssue({ code: 'custom', path: ['measure'], message: 'timing rules use the median over repeats; measure does not apply' });
    }
  })
  .meta({ description: 'A budget rule: one selector, optional trace/node filters, and limits.' });

export const SuiteSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][\w.-]*$/, 'expected letters, digits, . _ or - (it names the baseline file)')
      .optional()
      .meta({ description: 'Suite name (default: the file name without .yaml).' }),
    description: z.string().optional().meta({ description: 'What the suite guards, for people reading reports.' }),
    zeek: ZeekSettings.default({ scripts: [], redefs: {}, args: [], env: {}, interval: '30s' }).meta({ description: 'How zeek is run for each trace.' }),
    traces: z.array(TraceEntry).min(1, 'a suite needs at least one trace').meta({ description: 'The traces each run reads.' }),
    repeat: z.number().int().min(1).max(50).default(1).meta({ description: 'Runs per trace; timings use the median. Footprints are exact and taken from the first run.' }),
    timeout: Duration.default('10m').meta({ description: 'Per-run timeout; zeek is killed after it.' }),
    baseline: z.string().min(1).optional().meta({ description: 'Baseline file, relative to the suite (default: baselines/<name>.baseline.yaml beside the suite).' }),
    top: z.number().int().min(0).max(1000).default(10).meta({ description: 'How many of the largest variables the report shows per trace besides those with rules or changes.' }),
    budgets: z.array(RuleSchema).optional().meta({
      description:
        'Budget rules. Without any, the default is: total footprint may not grow more than 1% and any variable may not grow by more than both 10% and 100 entries against the baseline.',
    }),
  })
  .meta({ title: 'zeek-budget suite', description: 'A zeek-budget suite: what zeek runs over which traces, and the budgets it must keep.' });

export type SuiteInput = z.input<typeof SuiteSchema>;
export type SuiteDocument = z.output<typeof SuiteSchema>;
export type RuleDocument = z.output<typeof RuleSchema>;

export function suiteJsonSchema(): object {
  return z.toJSONSchema(SuiteSchema, { io: 'input', target: 'draft-2020-12' });
}
