import { SAME_DUMP_MAX_GAP_SECONDS } from '../measure/dump-boundary.js';
import type { ConnField } from '../measure/types.js';
import { findAll, readerWarnings } from '../sources/read-node-logs.js';
import { readConnections, readDumps } from '../zeek-log/my-stats.js';
import type { ReadLogOptions } from '../zeek-log/read-zeek-log.js';
import { PACKAGE_LOGS } from '../zeek-package.js';
import type { CompanionFile } from './types.js';

/** A dump summarize picked for a node: its rows in the other logs carry the same node, run and time. */
export interface PickedDump {
  node: string;
  run: number;
  ts: number;
}

export interface Companions {
  /** Current RSS at each picked dump, by node. */
  rss: Map<string, number>;
  /** Connection fields of each picked dump, by node; undefined when no conns log was found. */
  connections: Map<string, Map<string, ConnField>> | undefined;
  files: CompanionFile[];
  warnings: string[];
}

/**
 * Reads the runs and conns logs beside the my_stats logs (found as the budget sources find them)
 * and keeps only the rows of the picked dumps: memory stays at one dump per node.
 */
export async function readCompanions(targets: string[], picked: PickedDump[], options: ReadLogOptions): Promise<Companions> {
  const byNode = new Map(picked.map((p) => [p.node, p]));
  const belongs = (row: { node: string; run: number; ts: number }) => {
    const p = byNode.get(row.node);
    return p !== undefined && p.run === row.run && Math.abs(p.ts - row.ts) <= SAME_DUMP_MAX_GAP_SECONDS;
  };
  const out: Companions = { rss: new Map(), connections: undefined, files: [], warnings: [] };
  for (const found of await findAll(targets, PACKAGE_LOGS.dumps, [], false)) {
    const { file } = found;
    const rows = readDumps(file, options);
    for await (const row of rows) if (row.rss !== undefined && belongs(row)) out.rss.set(row.node, row.rss);
    out.files.push({ file, log: PACKAGE_LOGS.dumps, rows: rows.stats.records });
    out.warnings.push(...readerWarnings(found, rows.stats.warnings));
  }
  for (const found of await findAll(targets, PACKAGE_LOGS.conns, [], false)) {
    const { file } = found;
    out.connections ??= new Map();
    const rows = readConnections(file, options);
    for await (const row of rows) {
      if (!belongs(row)) continue;
      let fields = out.connections.get(row.node);
      if (!fields) out.connections.set(row.node, (fields = new Map()));
      fields.set(row.field, { connections: row.connections, total: row.total, max: row.max, uid: row.maxUid, id: row.maxId, live: row.live });
    }
    out.files.push({ file, log: PACKAGE_LOGS.conns, rows: rows.stats.records });
    out.warnings.push(...readerWarnings(found, rows.stats.warnings));
  }
  return out;
}
