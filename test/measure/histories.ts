// Random my_stats histories written as Zeek writes them (ASCII or JSON; our package's three logs
// with the rss/packets/conns_logged columns, or the original package's per-row times and no runs
// log), with what goes wrong at the end of real logs: a dump cut short (Zeek killed, or the live log
// mid-write), a runs row or conns rows lost, a partial last line, junk after it, restarts, a node
// that goes silent, several header blocks, and a dump's rows spread over two loggers' files (Zeek 8
// clusters). Used to check the readers that read only a log's end against the whole read.
import fc from 'fast-check';

export interface HistoryDump {
  node: string;
  run: number;
  ts: number;
  rows: Array<[variable: string, size: number]>;
  /** Footprint rows actually written (fewer: the dump was cut short). */
  written: number;
  /** Its my_stats_runs row was written. */
  runsRow: boolean;
  rss: number | undefined;
  packets: number;
  /** Its my_stats_conns rows (field, total, max); conns_logged says how many. */
  conns: Array<[field: string, total: number, max: number]>;
  /** Conns rows actually written. */
  connsWritten: number;
  /** Which logger's file each footprint row goes to (0 or 1), by row. */
  logger: number[];
}

export interface History {
  ours: boolean;
  dumps: HistoryDump[];
}

const VARIABLES = ['Conn::state', 'DCE_RPC::operations', 'Leaky::seen', 'udp_content_ports', 'SSL::root_certs', 'Log::filters'];
const FIELDS = ['(connection)', 'http_state', 'dce_rpc_backing'];
export const START = 1795358712;

/** Dumps of 1-4 nodes at a fixed interval, in the order a logger receives them. */
export const historyArb: fc.Arbitrary<History> = fc
  .record({
    ours: fc.boolean(),
    nodes: fc.oneof(
      fc.constant<string[]>(['']),
      fc.uniqueArray(fc.constantFrom<string>('logger-1', 'manager', 'worker-1', 'worker-2'), { minLength: 1, maxLength: 4 }),
    ),
    count: fc.integer({ min: 1, max: 25 }),
    interval: fc.constantFrom(10, 30, 60, 600),
    variables: fc.integer({ min: 1, max: VARIABLES.length }),
    conns: fc.integer({ min: 0, max: FIELDS.length }),
    restartAt: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    silentAfter: fc.option(fc.record({ node: fc.nat(3), at: fc.nat(24) }), { nil: undefined }),
    lostRuns: fc.array(fc.nat(100), { maxLength: 3 }),
    lostConns: fc.array(fc.nat(100), { maxLength: 2 }),
    cutLast: fc.option(fc.record({ node: fc.nat(3), keep: fc.nat(5), runsRow: fc.boolean(), conns: fc.boolean() }), { nil: undefined }),
    split: fc.boolean(),
    seed: fc.nat(),
  })
  .map((o) => {
    const dumps: HistoryDump[] = [];
    for (let i = 0; i < o.count; i++) {
      o.nodes.forEach((node, k) => {
        if (o.silentAfter && o.silentAfter.node % o.nodes.length === k && i > o.silentAfter.at) return;
        const restarted = o.restartAt !== undefined && k === 0 && i >= o.restartAt;
        const run = restarted ? i - (o.restartAt as number) + 1 : i + 1;
        const rows: Array<[string, number]> = VARIABLES.slice(0, o.variables).map((v, j) => [v, ((o.seed + i * 7 + j * 13 + k) % 97) * (j + 1)]);
        const conns: Array<[string, number, number]> = FIELDS.slice(0, o.conns).map((f, j) => [
          f,
          ((o.seed + i * 3 + j) % 50) + 10,
          ((o.seed + i + j) % 9) + 1,
        ]);
        // Only our package's dumps are told apart across loggers (by node, run and ts); the original
        // package's rows, spread over two files, are split into dumps by heuristics that depend on
        // the order the files are read in: its rows stay in one logger's file.
        const logger = rows.map((_, j) => (o.split && o.ours ? (o.seed + i + j + k) % 2 : 0));
        const rss = (o.seed + i) % 5 === 0 ? undefined : 100_000_000 + i * 4096 + k;
        dumps.push({
          node,
          run,
          ts: START + i * o.interval + k * 0.2,
          rows,
          written: rows.length,
          runsRow: true,
          rss,
          packets: node.startsWith('worker') ? 100 * i : 0,
          conns,
          connsWritten: conns.length,
          logger,
        });
      });
    }
    o.lostRuns.forEach((n) => {
      const d = dumps[n % dumps.length];
      if (d) d.runsRow = false;
    });
    o.lostConns.forEach((n) => {
      const d = dumps[n % dumps.length];
      if (d) d.connsWritten = Math.max(0, d.conns.length - 1);
    });
    if (o.cutLast) {
      const node = o.nodes[o.cutLast.node % o.nodes.length];
      const last = [...dumps].reverse().find((d) => d.node === node);
      if (last) {
        last.written = Math.min(o.cutLast.keep, last.rows.length - 1);
        last.runsRow = o.cutLast.runsRow;
        if (o.cutLast.conns) last.connsWritten = 0;
      }
    }
    return { ours: o.ours, dumps };
  });

export interface TextOptions {
  json: boolean;
  /** Ends with #close (ASCII). */
  closed: boolean;
  /** The history is written as two files' contents one after the other (two header blocks). */
  twoBlocks: boolean;
  /** What follows the last complete line: nothing, a line cut short, or junk without a newline. */
  tail: 'none' | 'partial' | 'junk';
}

export const textOptionsArb: fc.Arbitrary<TextOptions> = fc.record({
  json: fc.boolean(),
  closed: fc.boolean(),
  twoBlocks: fc.boolean(),
  tail: fc.constantFrom('none', 'partial', 'junk'),
});

const FOOTPRINT_FIELDS = ['ts', 'run', 'node', 'module_name', 'variable', 'size'];
const FOOTPRINT_TYPES = ['time', 'count', 'string', 'string', 'string', 'count'];
const RUNS_FIELDS = ['ts', 'run', 'node', 'network_time', 'reason', 'duration', 'globals', 'logged', 'total', 'peak_rss', 'rss', 'packets', 'conns_logged'];
const RUNS_TYPES = ['time', 'count', 'string', 'time', 'string', 'interval', 'count', 'count', 'count', 'count', 'count', 'count', 'count'];
const CONN_FIELDS = ['ts', 'run', 'node', 'field', 'connections', 'total', 'max', 'max_uid', 'max_id', 'live'];
const CONN_TYPES = ['time', 'count', 'string', 'string', 'count', 'count', 'count', 'string', 'string', 'bool'];

/** Zeek's local-time `YYYY-MM-DD-HH-MM-SS` of #open, #close and rotated names. */
export function zeekTime(ts: number): string {
  const d = new Date(ts * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
}

function header(path: string, fields: string[], types: string[], opened: number): string {
  return `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t${path}\n#open\t${zeekTime(opened)}\n#fields\t${fields.join('\t')}\n#types\t${types.join('\t')}\n`;
}

function moduleOf(v: string): string {
  const i = v.indexOf('::');
  return i < 0 ? 'GLOBAL' : v.slice(0, i);
}

const ascii = (node: string) => (node === '' ? '(empty)' : node);

function footprintLines(d: HistoryDump, ours: boolean, json: boolean, logger: number | undefined): string[] {
  return d.rows.slice(0, d.written).flatMap(([v, size], j) => {
    if (logger !== undefined && d.logger[j] !== logger) return [];
    // Our package stamps a dump's rows with the dump's time; the original, each row with its own.
    const ts = (ours ? d.ts : d.ts + j * 0.000005).toFixed(6);
    return [
      json
        ? `{"ts":${ts},"run":${d.run},"node":"${d.node}","module_name":"${moduleOf(v)}","variable":"${v}","size":${size}}\n`
        : `${ts}\t${d.run}\t${ascii(d.node)}\t${moduleOf(v)}\t${v}\t${size}\n`,
    ];
  });
}

function runsLine(d: HistoryDump, json: boolean): string {
  const total = d.rows.reduce((s, [, size]) => s + size, 0);
  const ts = d.ts.toFixed(6);
  const n = d.rows.length;
  if (json) {
    const rss = d.rss === undefined ? '' : `,"rss":${d.rss}`;
    return `{"ts":${ts},"run":${d.run},"node":"${d.node}","network_time":${ts},"reason":"interval","duration":0.008,"globals":${n},"logged":${n},"total":${total},"peak_rss":104857600${rss},"packets":${d.packets},"conns_logged":${d.conns.length}}\n`;
  }
  return `${ts}\t${d.run}\t${ascii(d.node)}\t${ts}\tinterval\t0.008000\t${n}\t${n}\t${total}\t104857600\t${d.rss ?? '-'}\t${d.packets}\t${d.conns.length}\n`;
}

function connLines(d: HistoryDump, json: boolean): string[] {
  const ts = d.ts.toFixed(6);
  return d.conns.slice(0, d.connsWritten).map(([field, total, max], j) => {
    const uid = `C${d.run}x${j}`;
    const id = `10.0.0.${j + 1}:4711/tcp -> 10.0.0.9:80/tcp`;
    return json
      ? `{"ts":${ts},"run":${d.run},"node":"${d.node}","field":"${field}","connections":3,"total":${total},"max":${max},"max_uid":"${uid}","max_id":"${id}","live":false}\n`
      : `${ts}\t${d.run}\t${ascii(d.node)}\t${field}\t3\t${total}\t${max}\t${uid}\t${id}\tF\n`;
  });
}

export interface HistoryTexts {
  footprints: string;
  runs: string | undefined;
  conns: string | undefined;
}

/**
 * my_stats.log and (ours) my_stats_runs.log and my_stats_conns.log text of some dumps; `logger`:
 * only the footprint rows that go to this logger's file, and the runs and conns rows only in
 * logger 0's (each dump's runs row is written once, by one logger).
 */
export function historyText(h: History, dumps: HistoryDump[], o: TextOptions, logger?: number): HistoryTexts {
  const opened = dumps[0]?.ts ?? START;
  const closedAt = (dumps[dumps.length - 1]?.ts ?? START) + 1;
  const write = (lines: string[], path: string, fields: string[], types: string[]) => {
    if (o.json) return lines.join('');
    const halves = o.twoBlocks && lines.length > 1 ? [lines.slice(0, lines.length >> 1), lines.slice(lines.length >> 1)] : [lines];
    return halves
      .map((part, i) => {
        const last = i === halves.length - 1;
        return header(path, fields, types, opened) + part.join('') + (!last || o.closed ? `#close\t${zeekTime(closedAt)}\n` : '');
      })
      .join('');
  };
  let footprints = write(
    dumps.flatMap((d) => footprintLines(d, h.ours, o.json, logger)),
    'my_stats',
    FOOTPRINT_FIELDS,
    FOOTPRINT_TYPES,
  );
  if (o.tail === 'partial') footprints += o.json ? '{"ts":1795359999.0,"run":9' : '1795359999.000000\t9\tworker';
  if (o.tail === 'junk') footprints += '\u0000\u0001garbage';
  const companion = h.ours && (logger ?? 0) === 0;
  const runs = companion
    ? write(
        dumps.filter((d) => d.runsRow).map((d) => runsLine(d, o.json)),
        'my_stats_runs',
        RUNS_FIELDS,
        RUNS_TYPES,
      )
    : undefined;
  const conns = companion
    ? write(
        dumps.flatMap((d) => connLines(d, o.json)),
        'my_stats_conns',
        CONN_FIELDS,
        CONN_TYPES,
      )
    : undefined;
  return { footprints, runs, conns };
}
