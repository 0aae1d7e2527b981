import type { NodeTrack } from '../measure/dump-tracker.js';
import type { NodeType } from './node-cfg.js';

/**
 * Whether a node reads packets at all: workers and a standalone Zeek do; loggers, managers and
 * proxies have no packet source and always log `packets` 0. Without node.cfg the name decides,
 * as zeekctl names nodes after their type by convention (logger-1, manager, proxy-1).
 */
export function capturesPackets(node: string, type?: NodeType): boolean {
  if (type !== undefined) return type === 'worker' || type === 'standalone';
  return !/^(logger|manager|proxy)(?![a-z])/i.test(node);
}

/**
 * A node that keeps sending dumps whose `packets` (since the dump before) are all 0 is idle, not
 * stopped: worth a word, not a failure. Undefined for a node that saw packets, and for logs
 * without the `packets` column (older packages, the original one): nothing is known then.
 */
export function idleWarning(name: string, track: NodeTrack, iface?: string): string | undefined {
  if (track.packets !== 0 || track.packetDumps === 0) return undefined;
  const span = `${isoTime(track.recentStarts[0] ?? track.firstTs)} to ${isoTime(track.recentStarts.at(-1) ?? track.lastTs)}`;
  return (
    `node ${name} is idle: none of its ${track.packetDumps} dump(s) saw a packet (packets 0 in my_stats_runs.log, ${span}). ` +
    `It has not stopped (its dumps keep coming), but its footprints are those of a Zeek without traffic: is traffic reaching its interface${iface ? ` (${iface})` : ''}?`
  );
}

function isoTime(ts: number): string {
  return new Date(Math.round(ts * 1000)).toISOString().replace('.000Z', 'Z');
}
