import { readdir } from 'node:fs/promises';
import path from 'node:path';
import tmp from 'tmp';
import { EnvironmentError, isZeekBudgetError } from '../errors.js';
import { readDumpLogs, trackerHandlers, type DumpLogs } from '../measure/dump-logs.js';
import { incompleteWarning, NodeDumpsCollector } from '../measure/node-dumps.js';
import type { RunFailure, RunResult } from '../measure/run-result.js';
import type { Suite, TraceRef } from '../suite/types.js';
import { StringTable } from '../zeek-log/my-stats.js';
import { PACKAGE_LOGS } from '../zeek-package.js';
import { holdPath } from '../util/live-resources.js';
import { runProcess } from '../util/run-process.js';
import { shellQuote } from '../util/shell-quote.js';
import { zeekCommand } from './zeek-command.js';

export interface RunTraceOptions {
  zeekPath: string;
  env: Record<string, string | undefined>;
  keepTmp: boolean;
  signal?: AbortSignal;
  /** Called as soon as zeek has exited, before its logs are read: the core it used is free. */
  onZeekExit?: () => void;
}

/** One zeek run over one trace in a fresh directory; failures are returned, not thrown, so other runs go on. */
export async function runTrace(suite: Suite, trace: TraceRef, tracePath: string, repeat: number, opts: RunTraceOptions): Promise<RunResult> {
  const dir = makeRunDir(suite.name);
  // Removed even if the CLI must end at once (a second signal), unless it is kept on purpose.
  const release = opts.keepTmp ? () => false : holdPath(dir.name);
  const cmd = zeekCommand(opts.zeekPath, suite.zeek, tracePath, { runDir: dir.name });
  const base: RunResult = {
    suite: suite.name,
    trace,
    repeat,
    command: shellQuote([cmd.file, ...cmd.args]),
    runDir: opts.keepTmp ? dir.name : undefined,
    wallSeconds: 0,
    dumps: [],
    warnings: [],
  };
  try {
    const outcome = await runProcess(cmd.file, cmd.args, {
      cwd: dir.name,
      env: { ...opts.env, ...suite.zeek.env },
      timeoutSeconds: suite.timeout,
      signal: opts.signal,
    });
    base.wallSeconds = outcome.wallSeconds;
    // A killed docker client leaves its container running until the cleanup below: not free yet.
    if (!cmd.cleanup || !(outcome.timedOut || outcome.aborted)) opts.onZeekExit?.();
    if ((outcome.timedOut || outcome.aborted) && cmd.cleanup) {
      // Killing the docker client leaves its container running; remove it.
      await runProcess(cmd.cleanup.file, cmd.cleanup.args, { cwd: dir.name, env: opts.env, timeoutSeconds: 60 });
    }
    const failure = describeOutcome(outcome, suite.timeout);
    if (failure) return { ...base, failure };
    return { ...base, ...(await collectLogs(dir.name)) };
  } catch (e) {
    if (isZeekBudgetError(e)) return { ...base, failure: { kind: 'bad-log', message: e.message } };
    throw e;
  } finally {
    if (!opts.keepTmp) dir.removeCallback();
    release();
  }
}

/** A full or read-only disk is the machine's problem, not a bug: say so (exit 3). */
function makeRunDir(suiteName: string): tmp.DirResult {
  try {
    return tmp.dirSync({ prefix: `zeek-budget-${suiteName}-`, unsafeCleanup: true });
  } catch (e) {
    throw new EnvironmentError(`cannot create a run directory in ${tmp.tmpdir}: ${(e as Error).message} (free some space, or point TMPDIR elsewhere)`);
  }
}

function describeOutcome(o: Awaited<ReturnType<typeof runProcess>>, timeout: number): RunFailure | undefined {
  const stderr = o.stderrTail ? `\n${indent(o.stderrTail)}` : ' (stderr was empty)';
  if (o.aborted) return { kind: 'aborted', message: 'interrupted' };
  if (o.timedOut)
    return { kind: 'timeout', message: `zeek timed out after ${timeout} s and was killed (raise the suite's timeout if the trace needs longer)${stderr}` };
  if (o.signal) return { kind: 'crash', message: `zeek crashed: killed by ${o.signal}${stderr}` };
  if (o.exitCode !== 0) return { kind: 'exit', message: `zeek exited with status ${o.exitCode}${stderr}` };
  return undefined;
}

async function collectLogs(dir: string): Promise<Pick<RunResult, 'dumps' | 'warnings' | 'failure'>> {
  const files = await readdir(dir);
  const find = (p: string) => files.find((f) => f === `${p}.log` || f === `${p}.log.gz`);
  const footprintLog = find(PACKAGE_LOGS.footprints);
  if (!footprintLog) {
    return {
      dumps: [],
      warnings: [],
      failure: {
        kind: 'no-logs',
        message: `zeek exited 0 but wrote no ${PACKAGE_LOGS.footprints}.log (files: ${files.join(', ') || 'none'}): was the measuring package loaded, or did a suite script disable logging?`,
      },
    };
  }
  const dumpLog = find(PACKAGE_LOGS.dumps);
  const connsLog = find(PACKAGE_LOGS.conns);
  const plain = (f: string | undefined) => (f === undefined ? [] : [{ file: path.join(dir, f), kind: 'plain' as const }]);
  const logs: DumpLogs = { footprints: plain(footprintLog), runs: plain(dumpLog), conns: plain(connsLog), warnings: [] };
  const strings = new StringTable();
  const collector = new NodeDumpsCollector(strings, { expectConns: connsLog !== undefined });
  const read = await readDumpLogs(logs, trackerHandlers(collector.tracker, strings));
  const warnings = [...read.warnings];
  if (!dumpLog) warnings.push(`no ${PACKAGE_LOGS.dumps}.log: timings of the footprint call and peak memory are unknown (an older package?)`);
  const nodes = collector.result();
  for (const n of nodes) {
    const w = incompleteWarning(n.node === '' ? 'standalone' : n.node, n.track);
    if (w) warnings.push(w);
  }
  return { dumps: nodes.flatMap((n) => n.dumps), warnings };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
