import path from 'node:path';
import { formatDuration } from '../util/parse-duration.js';
// The spec only: the generator itself is loaded when a trace is generated (runner/trace-store.ts).
import { resolveWorkloadSpec, WORKLOAD_KINDS, WorkloadSpecError, workloadKey, type ResolvedWorkloadSpec } from '../workloads/workload-spec.js';
import type { SuiteDocument } from './schema.js';
import { durationAt, type Fail } from './suite-source.js';
import type { TraceRef } from './types.js';
import type { PathKey } from './yaml-locations.js';

// Stage 3b of loading a suite: a `workload:` trace entry becomes one generated trace per size.

export type WorkloadEntry = Extract<NonNullable<SuiteDocument['traces']>[number], { workload: unknown }>;

/** One trace per requested size; all sizes of one entry form a scaling group. */
export function workloadTraces(entry: WorkloadEntry, p: PathKey[], cache: string, fail: Fail): TraceRef[] {
  const w = entry.workload;
  const counts = Array.isArray(w.count) ? w.count : [w.count];
  const fixed = w.duration === undefined ? undefined : durationAt(w.duration, [...p, 'duration'], fail);
  const prefix = entry.name ?? w.kind;
  const pace = fixed === undefined ? `${w.rate}/s` : formatDuration(fixed);
  const group = `${prefix} (${w.kind}, ${pace}, seed ${w.seed})`;
  return counts.map((count, j) => {
    let spec: ResolvedWorkloadSpec;
    // With a rate, the trace's length follows its size (rounded to the microsecond the pcap keeps).
    const duration = fixed ?? Math.round((count / (w.rate ?? 1)) * 1e6) / 1e6;
    try {
      spec = resolveWorkloadSpec({ kind: w.kind, count, hosts: w.hosts, duration, seed: w.seed });
    } catch (e) {
      const field = e instanceof WorkloadSpecError ? e.field : undefined;
      const at = field === 'count' && Array.isArray(w.count) ? [...p, 'count', j] : field ? [...p, field] : p;
      throw fail(at, e instanceof WorkloadSpecError ? e.reason : (e as Error).message);
    }
    return {
      label: Array.isArray(w.count) || entry.name ? `${prefix}-${count}` : `${w.kind}-${count}`,
      path: path.join(cache, `${workloadKey(spec)}.pcap`),
      compressed: false,
      workload: { spec, group, unit: WORKLOAD_KINDS[spec.kind].unit },
    };
  });
}
