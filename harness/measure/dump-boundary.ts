/**
 * When rows of my_stats.log start a new dump. A dump's rows are written within milliseconds;
 * rows of the same node and run further apart than this (since the dump's previous row) belong to
 * different process lifetimes: a restart whose previous life had reached the same run number.
 * Shared by `summarize` and the budget evaluation, so both cut the same logs into the same dumps.
 */
export const SAME_DUMP_MAX_GAP_SECONDS = 10;

/** Whether a row ends the current dump: its run differs, its variable was already seen in the dump, or it comes after a long gap. */
export function endsDump(current: { run: number; lastTs: number }, run: number, variableSeen: boolean, ts: number): boolean {
  return run !== current.run || variableSeen || ts - current.lastTs > SAME_DUMP_MAX_GAP_SECONDS;
}
