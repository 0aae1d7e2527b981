import os from 'node:os';
import { EnvironmentError } from '../../errors.js';
import type { ClusterNode } from '../node-cfg.js';
import type { ZeekctlSourceSettings } from '../../suite/types.js';
import { findProgram } from './find-program.js';
import { describeFailure, runCommand, type CommandResult } from './run-command.js';

type ReplaySettings = NonNullable<ZeekctlSourceSettings['replay']>;

export interface RunningReplay {
  /** A failure once tcpreplay ended badly (not when it was stopped because enough dumps arrived). */
  failure(): string | undefined;
  /** Unix seconds at which tcpreplay exited after sending everything; undefined while it runs or when it failed. */
  endedAt(): number | undefined;
  /** Stops it if it still runs and resolves to its result. */
  finish(): Promise<CommandResult>;
}

/** tcpreplay's arguments: the interface, the pace, the loop count, then the traces. */
export function tcpreplayArgs(r: ReplaySettings): string[] {
  return [`--intf1=${r.interface}`, r.speed === 'top' ? '--topspeed' : `--multiplier=${r.speed}`, ...(r.loop > 1 ? [`--loop=${r.loop}`] : []), ...r.traces];
}

/** TCPREPLAY, else tcpreplay on PATH (Debian: apt-get install tcpreplay; sending needs root or CAP_NET_RAW). */
export async function findTcpreplay(env: Record<string, string | undefined>): Promise<string> {
  const found = await findProgram('tcpreplay', {
    given: env.TCPREPLAY ? { path: env.TCPREPLAY, by: 'TCPREPLAY' } : undefined,
    env,
    extraDirs: ['/usr/bin', '/usr/sbin'],
  });
  if (found) return found.path;
  throw new EnvironmentError(
    `tcpreplay not found${env.TCPREPLAY ? ` at ${env.TCPREPLAY} (TCPREPLAY)` : ' on PATH'}: the suite replays traces with it (source.zeekctl.replay). ` +
      'Install it (Debian/Ubuntu: apt-get install tcpreplay; it needs root or CAP_NET_RAW to send), or drop source.zeekctl.replay.',
  );
}

/** Starts tcpreplay in the background; the wait for dumps runs meanwhile and lasts at least until it has sent everything. */
export function startReplay(
  tcpreplay: string,
  r: ReplaySettings,
  opts: { cwd: string; env: Record<string, string | undefined>; timeoutSeconds: number; signal?: AbortSignal },
): RunningReplay {
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  let result: CommandResult | undefined;
  let ended: number | undefined;
  const done = runCommand(tcpreplay, tcpreplayArgs(r), { cwd: opts.cwd, env: opts.env, timeoutSeconds: opts.timeoutSeconds, signal }).then((x) => {
    if (x.ok) ended = Date.now() / 1000;
    return (result = x);
  });
  const failed = (x: CommandResult) => !x.ok && !(x.outcome.aborted && stop.signal.aborted);
  return {
    failure: () => (result && failed(result) ? `tcpreplay failed: ${describeFailure(result, opts.timeoutSeconds)}` : undefined),
    endedAt: () => ended,
    finish: async () => {
      stop.abort();
      return done;
    },
  };
}

/** The interface a node.cfg `interface=` captures on: `af_packet::eth1`, `pf_ring::eth1` and `eth1` all read eth1. */
export function captureInterface(cfgInterface: string): string {
  return cfgInterface.replace(/^[A-Za-z_]+::/, '').trim();
}

/** Whether a node.cfg host is this machine: a replay from here reaches only nodes on it. */
export function isLocalHost(host: string): boolean {
  const hosts = new Set(['localhost', '::1', os.hostname(), os.hostname().split('.')[0] ?? '']);
  for (const addrs of Object.values(os.networkInterfaces())) for (const a of addrs ?? []) hosts.add(a.address);
  return hosts.has(host) || /^127\./.test(host);
}

/**
 * The nodes that see what tcpreplay sends onto `iface` here: those capturing on it on this machine.
 * None means the replay would reach no node and the wait would run into the timeout.
 */
export function nodesReached(nodes: ClusterNode[], iface: string): ClusterNode[] {
  return nodes.filter((n) => n.interface !== undefined && captureInterface(n.interface) === iface && isLocalHost(n.host));
}

/** Why a replay onto `iface` cannot reach any node of node.cfg, naming what node.cfg has. */
export function unreachableReplay(nodes: ClusterNode[], iface: string, nodeCfg: string): string {
  const capturing = nodes.filter((n) => n.interface !== undefined);
  const listed = capturing.map((n) => `${n.name}: ${n.interface} on ${n.host}`).join(', ');
  const choices = [
    ...new Set(capturing.filter((n) => nodesReached([n], captureInterface(n.interface ?? '')).length > 0).map((n) => captureInterface(n.interface ?? ''))),
  ];
  return (
    `source.zeekctl.replay.interface ${iface} reaches no node of ${nodeCfg} (${listed || 'no node captures on an interface'}): ` +
    `the replayed traffic would be seen by nobody and the wait for dumps would only run into the timeout. ` +
    (choices.length ? `Replay onto ${choices.join(' or ')}, ` : '') +
    'or run the suite against a cluster whose nodes capture on this machine (scripts/cluster/test-cluster.sh setup makes one on lo)'
  );
}
