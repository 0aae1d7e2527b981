import { createHash } from 'node:crypto';
import type { SuiteOutcome } from '../budget/outcome.js';
import { ConfigError } from '../errors.js';
import type { SuiteRun } from '../measure/run-result.js';
import type { Suite, TraceRef } from '../suite/types.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || count < 1 || index > count) {
    throw new ConfigError(`--shard takes INDEX/COUNT with 1 <= INDEX <= COUNT, e.g. --shard 2/4; got "${text}"`);
  }
  return { index, count };
}

/**
 * Which traces run in this shard. Traces are dealt out in units: a trace with all its repeats
 * (timings are medians over them), or a whole workload scaling group (its fit needs every size).
 * Units are ordered by a hash of `suite/trace` (or `suite/group`), never by file or glob order,
 * and each goes to the shard with the fewest runs so far. Every machine given the same suites and
 * --filter therefore computes the same split, and the shards get about the same number of runs.
 */
export function shardSelector(suites: Suite[], selected: (suite: Suite, trace: TraceRef) => boolean, shard: Shard): (suite: Suite, trace: TraceRef) => boolean {
  const id = (suite: Suite, trace: TraceRef) => `${suite.name}\0${trace.label}`;
  const units = new Map<string, { runs: number; members: string[] }>();
  for (const suite of suites) {
    for (const trace of suite.traces) {
      if (!selected(suite, trace)) continue;
      const key = `${suite.name}/${trace.workload ? `workload ${trace.workload.group}` : trace.label}`;
      const unit = units.get(key) ?? { runs: 0, members: [] };
      unit.runs += suite.repeat;
      unit.members.push(id(suite, trace));
      units.set(key, unit);
    }
  }
  const ordered = [...units.entries()].map(([key, u]) => ({ key, hash: createHash('sha256').update(key).digest('hex'), ...u }));
  ordered.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : a.key < b.key ? -1 : 1));
  const load = new Array<number>(shard.count).fill(0);
  const mine = new Set<string>();
  for (const unit of ordered) {
    let target = 0;
    for (let i = 1; i < load.length; i++) if ((load[i] ?? 0) < (load[target] ?? 0)) target = i;
    load[target] = (load[target] ?? 0) + unit.runs;
    if (target === shard.index - 1) for (const t of unit.members) mine.add(t);
  }
  return (suite, trace) => mine.has(id(suite, trace));
}

export interface TraceSelection {
  /** Set with a shard: whether a (filtered) trace falls to this shard. */
  inShard?: (suite: Suite, trace: TraceRef) => boolean;
  /** The traces to run: filtered, and in this shard. */
  selectTrace: (suite: Suite, trace: TraceRef) => boolean;
  /** The suites with at least one trace to run. */
  selected: Suite[];
}

/** What runs here: the traces the filter keeps, of those the ones that fall to this shard. */
export function selectTraces(suites: Suite[], filtered: (suite: Suite, trace: TraceRef) => boolean, shard: Shard | undefined): TraceSelection {
  const inShard = shard ? shardSelector(suites, filtered, shard) : undefined;
  const selectTrace = inShard ? (s: Suite, t: TraceRef) => filtered(s, t) && inShard(s, t) : filtered;
  // A shard may get no trace of a suite, or none at all: that is an empty share, not an error.
  return { inShard, selectTrace, selected: suites.filter((s) => s.traces.some((t) => selectTrace(s, t))) };
}

/** run-suites lists every trace it did not run; with a shard, split those into filtered out and elsewhere. */
export function splitSkipped(outcome: SuiteOutcome, run: SuiteRun, filtered: (suite: Suite, trace: TraceRef) => boolean): void {
  outcome.otherShards = run.skippedTraces.filter((label) => filtered(run.suite, traceByLabel(run.suite, label)));
  outcome.skippedTraces = run.skippedTraces.filter((label) => !outcome.otherShards?.includes(label));
}

function traceByLabel(suite: Suite, label: string): TraceRef {
  const t = suite.traces.find((x) => x.label === label);
  if (!t) throw new Error(`internal: trace ${label} is not in suite ${suite.name}`);
  return t;
}
