import { createHash } from 'node:crypto';
import { ConfigError } from '../errors.js';
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
export function shardSelector(
  suites: Suite[],
  selected: (suite: Suite, trace: TraceRef) => boolean,
  shard: Shard,
): (suite: Suite, trace: TraceRef) => boolean {
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
