import path from 'node:path';
import { isZeekBudgetError } from '../../errors.js';
import type { NodeDumps } from '../../measure/node-dumps.js';
import type { RunFailureKind } from '../../measure/run-result.js';
import { zeekVersion } from '../../runner/find-zeek.js';
import { loggedNodeName } from '../node-cfg.js';
import { displayName, nodeSubjects } from '../node-subjects.js';
import { sourceFailure } from '../source-failure.js';
import type { SourceOptions, SourceRun } from '../types.js';
import type { Suite, ZeekctlSourceSettings } from '../../suite/types.js';
import { findTcpreplay, nodesReached, startReplay, unreachableReplay, type RunningReplay } from './replay.js';
import { describeFailure, runCommand, type CommandResult } from './run-command.js';
import { installSitePolicy, removeSitePolicy } from './site-policy.js';
import { countedDumps, postTerminateDirs, readSince, waitForArchiving, waitForDumps } from './wait-for-dumps.js';
import { readInstallation, type ZeekctlInstallation } from './zeekctl-installation.js';

/** Stopping and archiving get at least this long, even when the wait for dumps used up the timeout. */
const CLEANUP_SECONDS = 120;

/** Why a run ended before every dump was in; the clean-up then stops what the run started, whatever `stop` says. */
type Cut = 'was interrupted' | 'timed out' | 'failed';

type Fail = (what: string, kind: RunFailureKind, message: string, command?: string) => void;

interface ZeekctlRunner {
  /**
   * Runs zeekctl; `abortable: false` lets it finish even when the run is interrupted (deploy, stop,
   * install); `cleanup` marks the commands that put the cluster back (their note is always shown).
   */
  (args: string[], opts?: { timeoutSeconds?: number; abortable?: boolean; cleanup?: boolean }): Promise<CommandResult>;
}

/**
 * Measures a zeekctl cluster: deploys the measuring package (mode deploy) or uses the cluster as it
 * runs (starting it if it is stopped), optionally replays traces onto its interface, waits until every
 * node sent `dumps` complete dumps, stops the cluster if it started it (and waits for zeekctl's
 * background archiving), puts the site policy back, and reads each node's first `dumps` dumps from
 * every logger's spool and archives. A replay that no node of node.cfg can see is refused before
 * anything changes. An interruption (the signal), a timeout or an error after the start stops what
 * the run started even with `stop: false`, and says so. Every problem is a failure of the suite
 * (exit 3) naming the node or the command.
 */
export async function collectZeekctlSource(suite: Suite, settings: ZeekctlSourceSettings, opts: SourceOptions): Promise<SourceRun> {
  const run: SourceRun = { suite, subjects: [], failures: [], warnings: [], skippedTraces: [] };
  const fail: Fail = (what, kind, message, command = '') => run.failures.push(sourceFailure(suite, what, { kind, message }, command));
  const note = (text: string, kind?: 'cleanup') => opts.onNote?.(suite.name, text, kind);
  let inst: ZeekctlInstallation;
  try {
    inst = await readInstallation(settings, opts.env);
  } catch (e) {
    if (!isZeekBudgetError(e)) throw e;
    fail('zeekctl', 'exit', e.message);
    return run;
  }
  if (settings.replay && nodesReached(inst.nodes, settings.replay.interface).length === 0) {
    fail('replay', 'exit', unreachableReplay(inst.nodes, settings.replay.interface, inst.nodeCfg));
    return run;
  }
  run.zeekVersion = await zeekVersion(path.join(inst.prefix, 'bin', 'zeek'), opts.env).catch(() => undefined);
  run.zeekPath = run.zeekVersion ? path.join(inst.prefix, 'bin', 'zeek') : undefined;
  const zeekctl: ZeekctlRunner = (args, o = {}) => {
    note(`zeekctl ${args.join(' ')}`, o.cleanup ? 'cleanup' : undefined);
    return runCommand(inst.zeekctl, args, {
      cwd: inst.prefix,
      env: opts.env,
      timeoutSeconds: o.timeoutSeconds ?? settings.timeout,
      signal: o.abortable === false ? undefined : opts.signal,
    });
  };
  const commandFailed = (args: string[], r: CommandResult, timeout = settings.timeout) =>
    fail(`zeekctl ${args.join(' ')}`, r.outcome.timedOut ? 'timeout' : 'exit', describeFailure(r, timeout), r.command);
  const since = Date.now() / 1000;
  const state: { started: boolean; installed: boolean; replayEnded?: number } = { started: false, installed: false };
  let cut: Cut | undefined;
  const interrupted = () => {
    if (opts.signal?.aborted) cut = 'was interrupted';
    return cut !== undefined;
  };
  try {
    if (settings.mode === 'deploy') {
      await installSitePolicy(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek', suite);
      state.installed = true;
      // Interrupted before the deploy: nothing runs yet, only the site policy to put back.
      if (interrupted()) return run;
      // Not interruptible: killed halfway, zeekctl would leave nodes running that nobody knows of.
      const r = await zeekctl(['deploy'], { abortable: false });
      // A deploy whose check failed changed nothing; one that got to "starting ..." started nodes.
      state.started = r.ok || /^starting \.\.\.$/m.test(r.outcome.stdoutTail);
      if (!r.ok) {
        commandFailed(['deploy'], r);
        cut = r.outcome.timedOut ? 'timed out' : 'failed';
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
        const r = await zeekctl(['start'], { abortable: false });
        state.started = true;
        if (!r.ok) {
          commandFailed(['start'], r);
          cut = r.outcome.timedOut ? 'timed out' : 'failed';
          return run;
        }
      }
    }
    if (interrupted()) return run;
    cut = await measure(suite, settings, inst, since, opts, run, fail, note, state);
  } catch (e) {
    cut = 'failed';
    if (!isZeekBudgetError(e)) throw e;
    fail('zeekctl', 'exit', e.message);
  } finally {
    await cleanUp(settings, inst, state, cut, zeekctl, commandFailed, run, note);
  }
  if (cut === 'was interrupted') return run;
  try {
    await collect(suite, settings, inst, since, state.replayEnded, run, fail);
  } catch (e) {
    if (!isZeekBudgetError(e)) throw e;
    fail('logs', 'bad-log', e.message);
  }
  return run;
}

/** Replays (if asked) and waits for the dumps; says why it ended early, if it did. */
async function measure(
  suite: Suite,
  settings: ZeekctlSourceSettings,
  inst: ZeekctlInstallation,
  since: number,
  opts: SourceOptions,
  run: SourceRun,
  fail: Fail,
  note: (text: string) => void,
  state: { replayEnded?: number },
): Promise<Cut | undefined> {
  let replay: RunningReplay | undefined;
  if (settings.replay) {
    let tcpreplay: string;
    try {
      tcpreplay = await findTcpreplay(opts.env);
    } catch (e) {
      if (!isZeekBudgetError(e)) throw e;
      fail('tcpreplay', 'exit', e.message);
      return 'failed';
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
    replayEnded: replay ? () => replay.endedAt() : undefined,
    signal: opts.signal,
  });
  state.replayEnded = replay?.endedAt();
  let replayFailed = false;
  if (replay) {
    const r = await replay.finish();
    const failure = replay.failure();
    if (failure && !opts.signal?.aborted) {
      fail('tcpreplay', r.outcome.timedOut ? 'timeout' : 'exit', failure, r.command);
      replayFailed = true;
    }
  }
  if (opts.signal?.aborted) return 'was interrupted';
  if (wait.complete) return undefined;
  if (replayFailed) return 'failed';
  if (replay && state.replayEnded === undefined) {
    run.warnings.push(
      `timed out after ${settings.timeout} s: tcpreplay was still sending (source.zeekctl.replay: fewer traces, a higher speed, a lower loop, or a longer timeout)`,
    );
    return 'timed out';
  }
  const short = wait.short;
  const detail = short.map((n) => `${displayName(n)} ${wait.counts.get(n) ?? 0}`).join(', ');
  const after = replay && short.every((n) => (wait.counts.get(n) ?? 0) >= settings.dumps) ? ' and one after the replay ended' : '';
  run.warnings.push(`timed out after ${settings.timeout} s waiting for ${settings.dumps} dump(s) per node${after}; dumps so far: ${detail}`);
  return 'timed out';
}

/**
 * Stops what zeek-budget started (always after an interruption, a timeout or an error; otherwise
 * as `stop` says), waits for the archiving, and takes the measuring package out again.
 */
async function cleanUp(
  settings: ZeekctlSourceSettings,
  inst: ZeekctlInstallation,
  state: { started: boolean; installed: boolean },
  cut: Cut | undefined,
  zeekctl: ZeekctlRunner,
  commandFailed: (args: string[], r: CommandResult, timeout?: number) => void,
  run: SourceRun,
  note: (text: string, kind?: 'cleanup') => void,
): Promise<void> {
  const timeout = Math.max(settings.timeout, CLEANUP_SECONDS);
  const stopping = state.started && (settings.stop || cut !== undefined);
  if (stopping) {
    if (cut !== undefined) {
      const why = `the run ${cut}: stopping the nodes zeek-budget started (zeekctl stop)${settings.stop ? '' : ' although stop: false'}`;
      note(why, 'cleanup');
      run.warnings.push(
        `${why}${state.installed ? `; zeek-budget's lines come out of ${path.join(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek')} again` : ''}`,
      );
    }
    const before = new Set(await postTerminateDirs(inst.tmpDir));
    // Not cancellable: an interrupted run must still stop the cluster it started.
    const r = await zeekctl(['stop'], { timeoutSeconds: timeout, abortable: false, cleanup: cut !== undefined });
    if (!r.ok) commandFailed(['stop'], r, timeout);
    // Nothing is read after an interruption: no need to wait for the archives.
    if (cut !== 'was interrupted') {
      const pending = await waitForArchiving(inst.tmpDir, before, Date.now() / 1000 + timeout);
      if (pending.length) run.warnings.push(`zeekctl was still archiving after ${timeout} s (${pending.join(', ')}): dumps in those logs are missing`);
    }
  } else if (state.started) {
    run.warnings.push('the cluster keeps running (stop: false); zeek-budget started it');
  }
  if (!state.installed) return;
  if (stopping || !state.started) {
    const site = path.join(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek');
    try {
      await removeSitePolicy(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek');
    } catch (e) {
      run.failures.push(
        sourceFailure(run.suite, 'site policy', {
          kind: 'exit',
          message: `could not take zeek-budget's lines out of ${site} (${(e as Error).message}): remove the lines between the zeek-budget markers and ${path.join(inst.siteDir, 'zeek-budget')} by hand, then zeekctl install`,
        }),
      );
      return;
    }
    // The installed copy still loads the package: a later `zeekctl start` must not bring it back.
    if (state.started) {
      const r = await zeekctl(['install'], { timeoutSeconds: timeout, abortable: false, cleanup: cut !== undefined });
      if (!r.ok) commandFailed(['install'], r, timeout);
    }
  } else {
    run.warnings.push(
      `the measuring package stays loaded while the cluster runs: remove the zeek-budget lines from ${path.join(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek')} and run zeekctl deploy when done`,
    );
  }
}

/** Each node's first `dumps` dumps since the start, from the live spool and the archives. */
async function collect(
  suite: Suite,
  settings: ZeekctlSourceSettings,
  inst: ZeekctlInstallation,
  since: number,
  replayEnded: number | undefined,
  run: SourceRun,
  fail: (what: string, kind: RunFailureKind, message: string) => void,
): Promise<void> {
  const logs = await readSince([inst.spoolDir, inst.logDir], since, false);
  run.warnings.push(...logs.warnings);
  const complete: NodeDumps[] = [];
  for (const n of logs.nodes) {
    if (n.dumps.length >= settings.dumps) {
      complete.push({ ...n, dumps: countedDumps(n.dumps, settings.dumps, replayEnded) });
    } else if (n.dumps.length > 0) {
      const last = new Date(Math.max(...n.track.recentStarts) * 1000).toISOString();
      fail(
        displayName(n.node),
        'no-logs',
        `node ${displayName(n.node)} sent only ${n.dumps.length} of ${settings.dumps} dumps within ${settings.timeout} s (the last at ${last}): it stopped sending, or the interval (zeek.interval ${suite.zeek.interval} s) is too long for the timeout`,
      );
    }
  }
  const partial = new Set(logs.nodes.filter((n) => n.dumps.length > 0 && n.dumps.length < settings.dumps).map((n) => n.node));
  const { subjects, failures, warnings } = nodeSubjects(suite, complete, {
    expected: inst.nodes.filter((n) => !partial.has(loggedNodeName(n))),
    where: `within ${settings.timeout} s (${new Date(since * 1000).toISOString()} on)`,
  });
  run.subjects = subjects;
  run.failures.push(...failures);
  run.warnings.push(...warnings);
}
