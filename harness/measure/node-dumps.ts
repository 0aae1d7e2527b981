import type { StringTable } from '../zeek-log/my-stats.js';
import { DumpTracker, type NodeTrack, type TrackedDump } from './dump-tracker.js';
import { FootprintLayout, type CompactFootprints } from './compact-footprints.js';
import type { ConnField, Dump } from './types.js';

export interface NodeDumps {
  /** Cluster::node; '' for a standalone Zeek. */
  node: string;
  /** Usable dumps (complete; for logs without runs rows, every dump), in time order. */
  dumps: Dump[];
  /** What the tracker saw of the node, also of dumps not kept (latestOnly) or left out as incomplete. */
  track: NodeTrack;
}

export interface NodeDumpsOptions {
  /** Keep only each node's newest dump: memory stays at one dump per node however long the logs are. */
  latestOnly?: boolean;
  expectConns?: boolean;
}

/**
 * The dumps of each node as the budget evaluation takes them (`Dump`, footprints by name), built
 * from the one DumpTracker: feed `tracker`, then call result().
 */
export class NodeDumpsCollector {
  readonly tracker: DumpTracker;
  private readonly kept = new Map<number, Dump[]>();
  /** Per node, the variable order of its last dump: shared by the dumps that repeat it. */
  private readonly layouts = new Map<number, FootprintLayout>();

  constructor(
    private readonly strings: StringTable,
    private readonly options: NodeDumpsOptions = {},
  ) {
    this.tracker = new DumpTracker({ onDump: (d) => this.take(d), expectConns: options.expectConns });
  }

  /** Per node, in the order nodes were first seen. */
  result(): NodeDumps[] {
    const names = this.strings.strings;
    return this.tracker.finish().map((track) => ({
      node: names[track.node] as string,
      dumps: [...(this.kept.get(track.node) ?? [])].sort((a, b) => a.ts - b.ts),
      track,
    }));
  }

  private take(d: TrackedDump): void {
    if (d.state === 'incomplete') return;
    let kept = this.kept.get(d.node);
    if (kept === undefined) {
      kept = [];
      this.kept.set(d.node, kept);
    }
    if (this.options.latestOnly && kept[0] !== undefined && kept[0].ts > d.ts) return;
    const dump = toDump(d, this.strings.strings, this.footprints(d), this.options.expectConns ?? false);
    if (this.options.latestOnly) kept[0] = dump;
    else kept.push(dump);
  }

  private footprints(d: TrackedDump): CompactFootprints {
    let layout = this.layouts.get(d.node);
    if (layout === undefined || !layout.fits(d.variables, d.length)) {
      const names = this.strings.strings;
      layout = new FootprintLayout(d.variables.slice(0, d.length), (id) => names[id] as string);
      this.layouts.set(d.node, layout);
    }
    return layout.footprints(d.sizes);
  }
}

/** `connsRead`: a conns log was among the inputs, so a dump whose runs row has conns_logged measured connections (maybe none). */
function toDump(d: TrackedDump, names: string[], footprints: CompactFootprints, connsRead: boolean): Dump {
  const dump: Dump = { run: d.run, node: names[d.node] as string, ts: d.ts, footprints };
  const info = d.info;
  if (info !== undefined) {
    dump.networkTime = info.networkTime;
    dump.reason = info.reason;
    dump.duration = info.duration;
    dump.total = info.total;
    dump.peakRss = info.peakRss;
    dump.unlogged = info.globals - info.logged;
    if (info.rss !== undefined) dump.rss = info.rss;
    if (info.packets !== undefined) dump.packets = info.packets;
    if (info.connsLogged !== undefined) dump.connsLogged = info.connsLogged;
  }
  // Without any conns log (an older package, or my_stats::conn_footprints=F) a dump has no connection data: unknown, not empty.
  if (connsRead && (info?.connsLogged !== undefined || d.connRows.length > 0)) dump.conns = connFields(d);
  return dump;
}

/** A dump's connection fields by name; a field logged twice keeps its larger maximum. */
export function connFields(d: TrackedDump): Map<string, ConnField> {
  const conns = new Map<string, ConnField>();
  for (const row of d.connRows) {
    const prev = conns.get(row.field);
    if (prev !== undefined && prev.max > row.max) continue;
    conns.set(row.field, { connections: row.connections, total: row.total, max: row.max, uid: row.maxUid, id: row.maxId, live: row.live });
  }
  return conns;
}

/** What a user is told about a node's dumps that were left out as incomplete. */
export function incompleteWarning(node: string, track: NodeTrack): string | undefined {
  if (track.incomplete === 0) return undefined;
  return (
    `node ${node}: ${track.incomplete} incomplete dump(s) left out (${track.incompleteExamples.join('; ')}): ` +
    "their rows or their my_stats_runs row are not in the files read. With several loggers a node's rows are spread over every " +
    "logger's files: read them all (the prefix, its spool/ and logs/); a live log may still be receiving the latest dump"
  );
}
