import path from 'node:path';
import { packageName } from './zkg-meta.js';
import type { PackageScan } from './scan-package.js';

/**
 * Where `init` writes a package's suite: testing/zeek-budget/suite.yaml. A zkg package keeps its
 * tests under testing/ (btest's Baseline/ and Traces/ live there, zkg runs `cd testing && btest`),
 * so the suite and its baselines/ sit beside them instead of cluttering the package root that zkg
 * installs; and it is where `zeek-budget budget` and the GitHub Action look by default.
 */
export const PACKAGE_SUITE_PATH = path.join('testing', 'zeek-budget', 'suite.yaml');

export interface SuiteTemplateOptions {
  /** Absolute path the suite will be written to. */
  suiteFile: string;
  /** suites/schema.json of the zeek-budget that writes it, for the editor modeline (absolute). */
  schemaFile: string;
}

/** Generated traffic for a package without traces: sizes at one rate, so scaling shows per-traffic state. */
const WORKLOADS = [
  { name: 'http', spec: '{ kind: http, count: [100, 200, 400], rate: 5 }' },
  { name: 'dns', spec: '{ kind: dns, count: [100, 200, 400], rate: 5 }' },
];

/** The suite `init` writes: commented, loading the package, its traces (or workloads), budgets per module. */
export function renderSuite(scan: PackageScan, opts: SuiteTemplateOptions): string {
  const dir = path.dirname(opts.suiteFile);
  const rel = (p: string) => {
    const r = path.relative(dir, p).split(path.sep).join('/');
    return r === '' ? '.' : r;
  };
  const out: string[] = [];
  out.push(...schemaLines(scan, opts, rel));
  out.push(
    '#',
    `# zeek-budget suite for the Zeek package ${scan.name}, written by \`zeek-budget init\`.`,
    "# Each trace below is one zeek run with the package loaded (after zeek-budget's measuring",
    '# package); the footprint of every global is compared with the baseline of the running Zeek',
    '# (baselines/, one file per Zeek version and build) and with the budgets at the end.',
    `#   record or refresh the baselines:  npx zeek-budget budget --update ${slash(path.relative(scan.dir, opts.suiteFile))}`,
    `#   check:                            npx zeek-budget budget ${slash(path.relative(scan.dir, opts.suiteFile))}`,
    '# Keys and rules: zeek-budget\'s README ("Suites", "Budget rules").',
    `name: ${suiteName(scan.name)}`,
    `description: ${yamlString(`Memory budget of the Zeek package ${scan.name}${scan.modules.length ? ` (module${scan.modules.length === 1 ? '' : 's'} ${scan.modules.map((m) => m.name).join(', ')})` : ''}.`)}`,
    'zeek:',
    '  scripts:',
  );
  if (scan.packageDependencies.length) {
    out.push(
      '    # The package depends on other packages (zkg.meta depends). Zeek must find them: install them',
      '    # with zkg (they then load by name, on ZEEKPATH), and load them here, before the package:',
      ...scan.packageDependencies.map((d) => `    # - packages/${packageName(d.name)}    # zkg install ${d.name}  (${d.version})`),
    );
  }
  out.push(
    `    # The package itself: ${scan.scriptDir ? `script_dir = ${scan.scriptDir} in zkg.meta` : 'its root (zkg.meta has no script_dir)'}, loaded through its __load__.zeek.`,
    `    - ${yamlString(rel(path.resolve(scan.dir, scan.scriptDir)))}`,
    '  interval: 10s              # a footprint dump every 10 s of trace time, plus one at the end',
    'traces:',
  );
  const workloads = scan.traces.length === 0;
  if (workloads) {
    out.push(
      '  # No traces found in the package (testing/Traces/, tests/traces/, *.pcap* under testing/), so',
      '  # zeek-budget generates traffic (deterministic, cached). Better: traces that exercise the package,',
      '  # e.g. its btest traces; list them here instead.',
      ...WORKLOADS.flatMap((w) => [`  - workload: ${w.spec}`, `    name: ${w.name}`]),
    );
  } else {
    out.push('  # Found in the package. Each is one zeek run per repeat: drop those that do not exercise it.');
    const labels = traceLabels(scan.traces, scan.dir);
    for (const t of scan.traces) {
      const label = labels.get(t);
      out.push(label ? `  - { path: ${yamlString(rel(t))}, name: ${yamlString(label)} }` : `  - ${yamlString(rel(t))}`);
    }
  }
  out.push('repeat: 3                    # runs per trace: timings are medians over them (footprints are exact)', 'timeout: 5m', 'budgets:');
  if (scan.modules.length === 0) {
    out.push(
      "  # The package's scripts declare no module (their globals are GLOBAL::...): every variable then",
      '  # gets the rule below. Give the package a `module` and budget it like this:',
      '  #   - module: MyPackage',
      '  #     measure: max',
      '  #     increase: { percent: 10, absolute: 100 }',
      '  - variable: "*"',
      '    increase: { percent: 10, absolute: 100 }',
    );
  }
  for (const m of scan.modules) {
    out.push(
      `  # Module ${m.name} (module ${m.name}; in ${slash(path.relative(scan.dir, m.file))}): its summed footprint at its largest`,
      '  # may grow by 10% and 100 entries against the baseline.',
      `  - module: ${m.name}`,
      '    measure: max',
      '    increase: { percent: 10, absolute: 100 }',
      '  # ... and after a warm-up it should stop growing within a run (state that grows with traffic and',
      '  # never expires). Needs 3 dumps after the warm-up (longer traces); a warning at first, as the',
      '  # end-of-trace flush of open connections can add a last step: make it an error (drop `level`)',
      '  # once it shows flat over your traces.',
      `  - module: ${m.name}`,
      '    growth: { warmup: 30s, max_per_hour: 0 }',
      '    level: warn',
    );
    if (workloads) {
      out.push(
        `  # Across the workload sizes: entries of ${m.name} per unit of traffic (connection, query, request).`,
        `  - module: ${m.name}`,
        '    scaling: { max_per_unit: 0.01 }',
        '    level: warn',
      );
    }
  }
  out.push(
    '  # Everything Zeek holds, the package included: at most 2% more than the baseline.',
    '  - total: true',
    '    increase: { percent: 2 }',
    '  # Timings are noisy (medians of 3 runs): generous limits, warnings only.',
    '  - timing: footprint_call',
    '    max: 100ms',
    '    increase: { percent: 50, absolute: 5ms }',
    '    level: warn',
    '  - timing: peak_rss',
    '    increase: { percent: 20, absolute: 32MB }',
    '    level: warn',
  );
  return `${out.join('\n')}\n`;
}

/**
 * Editors complete and check a suite through the yaml-language-server modeline. Only a schema
 * inside the package (zeek-budget installed there, e.g. as a dev dependency) has a path that
 * holds on every checkout; otherwise the suite says how to get it.
 */
function schemaLines(scan: PackageScan, opts: SuiteTemplateOptions, rel: (p: string) => string): string[] {
  const inside = !path.relative(scan.dir, opts.schemaFile).startsWith('..');
  if (inside) return [`# yaml-language-server: $schema=${rel(opts.schemaFile)}`];
  return [
    '# Editor completion: `npm install --save-dev zeek-budget` in the package, then start this file with',
    `#   \`# yaml-language-server: $schema=${slash(path.relative(path.dirname(opts.suiteFile), path.join(scan.dir, 'node_modules', 'zeek-budget', 'suites', 'schema.json')))}\``,
  ];
}

/** Trace labels name baseline entries: traces with the same file name get their path as label. */
function traceLabels(traces: string[], root: string): Map<string, string> {
  const byName = new Map<string, string[]>();
  for (const t of traces) byName.set(path.basename(t), [...(byName.get(path.basename(t)) ?? []), t]);
  const labels = new Map<string, string>();
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    for (const t of group) labels.set(t, slash(path.relative(root, t)).replace(/\//g, '-'));
  }
  return labels;
}

/** Suite names name baseline files: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export function suiteName(packageDirName: string): string {
  const cleaned = packageDirName.replace(/[^\w.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned === '' ? 'package' : cleaned;
}

function slash(p: string): string {
  return p.split(path.sep).join('/');
}

/** Plain when YAML reads it back unchanged, else a double-quoted (JSON) string. */
function yamlString(s: string): string {
  return /^[\w./][\w./ ()+-]*$/.test(s) && !/[ ]$/.test(s) && !/: |, /.test(s) ? s : JSON.stringify(s);
}
