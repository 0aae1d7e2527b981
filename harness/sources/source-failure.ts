import type { RunFailure, RunResult } from '../measure/run-result.js';
import type { Suite } from '../suite/types.js';

/**
 * A source's failure in the shape the report and the exit code already know from zeek runs: `what`
 * names the node or the command (it takes the place of the trace label).
 */
export function sourceFailure(suite: Suite, what: string, failure: RunFailure, command = ''): RunResult {
  return {
    suite: suite.name,
    trace: { label: what, path: '', compressed: false },
    repeat: 1,
    command,
    wallSeconds: 0,
    dumps: [],
    warnings: [],
    failure,
  };
}
