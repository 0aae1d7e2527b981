import type { Suite } from '../suite/types.js';
import { collectZeekctlSource } from './zeekctl/zeekctl-source.js';
import { collectLogsSource } from './logs-source.js';
import type { SourceOptions, SourceRun } from './types.js';

/** Suites whose data comes from logs or a cluster, one after the other (a cluster is not shared). */
export async function collectSources(suites: Suite[], opts: SourceOptions): Promise<SourceRun[]> {
  const runs: SourceRun[] = [];
  for (const suite of suites) {
    if (opts.signal?.aborted) break;
    const source = suite.source;
    if (source.kind === 'logs') runs.push(await collectLogsSource(suite, source, opts));
    else if (source.kind === 'zeekctl') runs.push(await collectZeekctlSource(suite, source, opts));
  }
  return runs;
}
