import path from 'node:path';
import { isZeekBudgetError } from '../../errors.js';
import type { NodeDumps } from '../../measure/group-dumps.js';
import type { RunFailureKind } from '../../measure/run-result.js';
import { zeekVersion } from '../../runner/find-zeek.js';
import { loggedNodeName } from '../node-cfg.js';
import { displayName, nodeSubjects } from '../node-subjects.js';
import { sourceFailure } from '../source-failure.js';
import type { SourceOptions, SourceRun } from '../types.js';
import type { Suite, ZeekctlSourceSettings } from '../../suite/types.js';
import { findTcpreplay, startReplay, type RunningReplay } from './replay.js';
import { describeFailure, runCommand, type CommandResult } from './run-command.js';
import { installSitePolicy, removeSitePolicy } from './site-policy.js';
import { postTerminateDirs, readSince, waitForArchiving, waitForDumps } from './wait-for-dumps.js';
import { readInstallation, type ZeekctlInstallation } from './zeekctl-installation.js';

/** Stopping and archiving get at least this long, even when the wait for dumps used up the timeout. */
const CLEANUP_SECONDS = 120;

/**
 * Measures a zeekctl cluster: deploys the measuring package (mode deploy) or uses the cluster as it
 * runs (starting it if it is stopped), optionally replays traces onto its interface, waits until every
 * node sent `dumps` dumps, stops the cluster if it started it (and waits for zeekctl's background
 * archiving), puts the site policy back, and reads each node's first `dumps` dumps from the live spool
 * and the archives. Every problem is a failure of the suite (exit 3) naming the node or the command.
 */
export async function collectZeekctlSource(suite: Suite, settings: ZeekctlSourceSettings, opts: SourceOptions): Promise<SourceRun> {
  const run: SourceRun = { suite, subjects: [], failures: [], warnings: [], skippedTraces: [] };
  const fail = (what: string, kind: RunFailureKind, message: string, command = '') => run.failures.push(sourceFailure(suite, what, { kind, message }, command));
  const note = (text: string) => opts.onNote?.(suite.name, text);
  let inst: ZeekctlInstallation;
  try {
    inst = await readInstallation(settings, opts.env);
  } catch (e) {
    if (!isZeekBudgetError(e)) throw e;
    fail('zeekctl', 'exit', e.message);
    return run;
  }
  run.zeekVersion = await zeekVersion(path.join(inst.prefix, 'bin', 'zeek'), opts.env).catch(() => undefined);
  run.zeekPath = run.zeekVersion ? path.join(inst.prefix, 'bin', 'zeek') : undefined;
  const zeekctl = (args: string[], timeoutSeconds = settings.timeout, signal = opts.signal): Promise<CommandResult> => {
    note(`zeekctl ${args.join(' ')}`);
    return runCommand(inst.zeekctl, args, { cwd: inst.prefix, env: opts.env, timeoutSeconds, signal });
  };
  const commandFailed = (args: string[], r: CommandResult, timeout = settings.timeout) => fail(`zeekctl ${args.join(' ')}`, r.outcome.timedOut ? 'timeout' : 'exit', describeFailure(r, timeout), r.command);
  const since = Date.now() / 1000;
  let started = false;
  let installed = false;
  let ran = false;
  try {
    if (settings.mode === 'deploy') {
      await installSitePolicy(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek', suite);
      installed = true;
      const r = await zeekctl(['deploy']);
      // A deploy whose check failed changed nothing; one that got to "starting ..." started nodes.
      started = r.ok || /^starting \.\.\.$/m.test(r.outcome.stdoutTail);
      if (!r.ok) {
        commandFailed(['deploy'], r);
        return run;
      }
    } else {
      const status = await zeekctl(['status']);
      // zeekctl status exits 1 when a node is not running.
      if (!status.ok) {
        if (status.outcome.exitCode !== 1) {
          commandFailed(['status'], status);
          return run;
        }
        const r = await zeekctl(['start']);
        started = true;
        if (!r.ok) {
          commandFailed(['start'], r);
          return run;
        }
      }
    }
    ran = true;
    await measure(suite, settings, inst, since, opts, run, fail, note);
  } catch (e) {
    if (!isZeekBudgetError(e)) throw e;
    fail('zeekctl', 'exit', e.message);
  } finally {
    await cleanUp(settings, inst, { started, installed }, zeekctl, commandFailed, run);
  }
  if (!ran) return run;
  try {
    await collect(suite, settings, inst, since, run, fail);
  } catch (e) {
    if (!isZeekBudgetError(e)) throw e;
    fail('logs', 'bad-log', e.message);
  }
  return run;
}

async function measure(
  suite: Suite,
  settings: ZeekctlSourceSettings,
  inst: ZeekctlInstallation,
  since: number,
  opts: SourceOptions,
  run: SourceRun,
  fail: (what: string, kind: RunFailureKind, message: string, command?: string) => void,
  note: (text: string) => void,
): Promise<void> {
  let replay: RunningReplay | undefined;
  if (settings.replay) {
    let tcpreplay: string;
    try {
      tcpreplay = await findTcpreplay(opts.env);
    } catch (e) {
      if (!isZeekBudgetError(e)) throw e;
      fail('tcpreplay', 'exit', e.message);
      return;
    }
    note(`replaying ${settings.replay.traces.length} trace(s) onto ${settings.replay.interface}`);
    replay = startReplay(tcpreplay, settings.replay, { cwd: suite.dir, env: opts.env, timeoutSeconds: settings.timeout, signal: opts.signal });
  }
  const nodes = inst.nodes.map(loggedNodeName);
  note(`waiting for ${settings.dumps} dump(s) from each of ${nodes.length} node(s), at most ${settings.timeout} s`);
  const wait = await waitForDumps({
    dirs: [inst.spoolDir, inst.logDir],
    nodes,
    dumps: settings.dumps,
    since,
    deadline: since + settings.timeout,
    // A quarter of the dump interval: quick enough not to add much to a short test run.
    pollSeconds: Math.min(2, Math.max(0.2, suite.zeek.interval / 4)),
    stopIf: () => replay?.failure(),
    signal: opts.signal,
  });
  if (replay) {
    const r = await replay.finish();
    const failure = replay.failure();
    if (failure) fail('tcpreplay', r.outcome.timedOut ? 'timeout' : 'exit', failure, r.command);
  }
  if (wait.complete || wait.stoppedBy) return;
  const short = nodes.filter((n) => (wait.counts.get(n) ?? 0) < settings.dumps);
  const detail = short.map((n) => `${displayName(n)} ${wait.counts.get(n) ?? 0}`).join(', ');
  run.warnings.push(`timed out after ${settings.timeout} s waiting for ${settings.dumps} dump(s) per node; dumps so far: ${detail}`);
}

/** Stops what zeek-budget started, waits for the archiving, and takes the measuring package out again. */
async function cleanUp(
  settings: ZeekctlSourceSettings,
  inst: ZeekctlInstallation,
  state: { started: boolean; installed: boolean },
  zeekctl: (args: string[], timeoutSeconds?: number, signal?: AbortSignal) => Promise<CommandResult>,
  commandFailed: (args: string[], r: CommandResult, timeout?: number) => void,
  run: SourceRun,
): Promise<void> {
  const timeout = Math.max(settings.timeout, CLEANUP_SECONDS);
  const stopping = state.started && settings.stop;
  if (stopping) {
    const before = new Set(await postTerminateDirs(inst.tmpDir));
    // Not cancellable: an interrupted run must still stop the cluster it started.
    const r = await zeekctl(['stop'], timeout, undefined);
    if (!r.ok) commandFailed(['stop'], r, timeout);
    const pending = await waitForArchiving(inst.tmpDir, before, Date.now() / 1000 + timeout);
    if (pending.length) run.warnings.push(`zeekctl was still archiving after ${timeout} s (${pending.join(', ')}): dumps in those logs are missing`);
  } else if (state.started) {
    run.warnings.push('the cluster keeps running (stop: false); zeek-budget started it');
  }
  if (!state.installed) return;
  if (stopping || !state.started) {
    const site = path.join(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek');
    try {
      await removeSitePolicy(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek');
    } catch (e) {
      run.failures.push(sourceFailure(run.suite, 'site policy', {
        kind: 'exit',
        message: `could not take zeek-budget's lines out of ${site} (${(e as Error).message}): remove the lines between the zeek-budget markers and ${path.join(inst.siteDir, 'zeek-budget')} by hand, then zeekctl install`,
      }));
      return;
    }
    // The installed copy still loads the package: a later `zeekctl start` must not bring it back.
    if (state.started) {
      const r = await zeekctl(['install'], timeout, undefined);
      if (!r.ok) commandFailed(['install'], r, timeout);
    }
  } else {
    run.warnings.push(`the measuring package stays loaded while the cluster runs: remove the zeek-budget lines from ${path.join(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek')} and run zeekctl deploy when done`);
  }
}

/** Each node's first `dumps` dumps since the start, from the live spool and the archives. */
async function collect(
  suite: Suite,
  settings: ZeekctlSourceSettings,
  inst: ZeekctlInstallation,
  since: number,
  run: SourceRun,
  fail: (what: string, kind: RunFailureKind, message: string) => void,
): Promise<void> {
  const logs = await readSince([inst.spoolDir, inst.logDir], since, false);
  run.warnings.push(...logs.warnings);
  const complete: NodeDumps[] = [];
  for (const n of logs.nodes) {
    if (n.dumps.length >= settings.dumps) {
      complete.push({ ...n, dumps: n.dumps.slice(0, settings.dumps) });
    } else if (n.dumps.length > 0) {
      const last = new Date(Math.max(...n.starts) * 1000).toISOString();
      fail(displayName(n.node), 'no-logs', `node ${displayName(n.node)} sent only ${n.dumps.length} of ${settings.dumps} dumps within ${settings.timeout} s (the last at ${last}): it stopped sending, or the interval (zeek.interval ${suite.zeek.interval} s) is too long for the timeout`);
    }
  }
  const partial = new Set(logs.nodes.filter((n) => n.dumps.length > 0 && n.dumps.length < settings.dumps).map((n) => n.node));
  const { subjects, failures } = nodeSubjects(suite, complete, {
    expected: inst.nodes.filter((n) => !partial.has(loggedNodeName(n))),
    where: `within ${settings.timeout} s (${new Date(since * 1000).toISOString()} on)`,
  });
  run.subjects = subjects;
  run.failures.push(...failures);
}
