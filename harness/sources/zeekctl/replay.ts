import { EnvironmentError } from '../../errors.js';
import type { ZeekctlSourceSettings } from '../../suite/types.js';
import { findProgram } from './find-program.js';
import { describeFailure, runCommand, type CommandResult } from './run-command.js';

type ReplaySettings = NonNullable<ZeekctlSourceSettings['replay']>;

export interface RunningReplay {
  /** A failure once tcpreplay ended badly (not when it was stopped because enough dumps arrived). */
  failure(): string | undefined;
  /** Stops it if it still runs and resolves to its result. */
  finish(): Promise<CommandResult>;
}

/** tcpreplay's arguments: the interface, the pace, the loop count, then the traces. */
export function tcpreplayArgs(r: ReplaySettings): string[] {
  return [
    `--intf1=${r.interface}`,
    r.speed === 'top' ? '--topspeed' : `--multiplier=${r.speed}`,
    ...(r.loop > 1 ? [`--loop=${r.loop}`] : []),
    ...r.traces,
  ];
}

/** TCPREPLAY, else tcpreplay on PATH (Debian: apt-get install tcpreplay; sending needs root or CAP_NET_RAW). */
export async function findTcpreplay(env: Record<string, string | undefined>): Promise<string> {
  const found = await findProgram('tcpreplay', { given: env.TCPREPLAY ? { path: env.TCPREPLAY, by: 'TCPREPLAY' } : undefined, env, extraDirs: ['/usr/bin', '/usr/sbin'] });
  if (found) return found.path;
  throw new EnvironmentError(
    `tcpreplay not found${env.TCPREPLAY ? ` at ${env.TCPREPLAY} (TCPREPLAY)` : ' on PATH'}: the suite replays traces with it (source.zeekctl.replay). ` +
      'Install it (Debian/Ubuntu: apt-get install tcpreplay; it needs root or CAP_NET_RAW to send), or drop source.zeekctl.replay.',
  );
}

/** Starts tcpreplay in the background; the wait for dumps runs meanwhile. */
export function startReplay(tcpreplay: string, r: ReplaySettings, opts: { cwd: string; env: Record<string, string | undefined>; timeoutSeconds: number; signal?: AbortSignal }): RunningReplay {
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  let result: CommandResult | undefined;
  const done = runCommand(tcpreplay, tcpreplayArgs(r), { cwd: opts.cwd, env: opts.env, timeoutSeconds: opts.timeoutSeconds, signal }).then((x) => (result = x));
  const failed = (x: CommandResult) => !x.ok && !(x.outcome.aborted && stop.signal.aborted);
  return {
    failure: () => (result && failed(result) ? `tcpreplay failed: ${describeFailure(result, opts.timeoutSeconds)}` : undefined),
    finish: async () => {
      stop.abort();
      return done;
    },
  };
}
