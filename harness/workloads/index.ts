/** Deterministic synthetic traces for memory budgets: the public API of the workload generator. */
export {
  GENERATOR_VERSION,
  WORKLOAD_KINDS,
  WorkloadSpecError,
  isWorkloadKind,
  resolveWorkloadSpec,
  workloadKey,
  type ResolvedWorkloadSpec,
  type WorkloadKind,
  type WorkloadSpec,
} from './workload-spec.js';
export { ensureWorkloadTrace, workloadFlows, writeWorkloadPcap, type WorkloadWriteResult } from './write-workload.js';
export { TRACE_EPOCH_US } from './schedule.js';
