// Random my_stats histories written as Zeek writes them (ASCII or JSON, our package's runs log or
// the original package's per-row times), with what goes wrong at the end of real logs: a dump cut
// short (Zeek killed, or the live log mid-write), a runs row lost, a partial last line, junk after
// it, restarts, several header blocks. Used to check the readers that read only a log's end
// against the whole read.
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';

export interface HistoryDump {
  node: string;
  run: number;
  ts: number;
  rows: Array<[variable: string, size: number]>;
  /** Rows actually written (fewer: the dump was cut short). */
  written: number;
  /** Its my_stats_runs row was written. */
  runsRow: boolean;
}

export interface History {
  ours: boolean;
  dumps: HistoryDump[];
}

const VARIABLES = ['Conn::state', 'DCE_RPC::operations', 'Leaky::seen', 'udp_content_ports', 'SSL::root_certs', 'Log::filters'];
export const START = 1795358712;

/** Dumps of 1-4 nodes at a fixed interval, in the order a logger receives them. */
export const historyArb: fc.Arbitrary<History> = fc
  .record({
    ours: fc.boolean(),
    nodes: fc.oneof(fc.constant<string[]>(['']), fc.uniqueArray(fc.constantFrom<string>('logger-1', 'manager', 'worker-1', 'worker-2'), { minLength: 1, maxLength: 4 })),
    count: fc.integer({ min: 1, max: 25 }),
    interval: fc.constantFrom(10, 30, 60, 600),
    variables: fc.integer({ min: 1, max: VARIABLES.length }),
    restartAt: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    silentAfter: fc.option(fc.record({ node: fc.nat(3), at: fc.nat(24) }), { nil: undefined }),
    lostRuns: fc.array(fc.nat(100), { maxLength: 3 }),
    cutLast: fc.option(fc.record({ node: fc.nat(3), keep: fc.nat(5), runsRow: fc.boolean() }), { nil: undefined }),
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
        dumps.push({ node, run, ts: START + i * o.interval + k * 0.2, rows, written: rows.length, runsRow: true });
      });
    }
    o.lostRuns.forEach((n) => {
      const d = dumps[n % dumps.length];
      if (d) d.runsRow = false;
    });
    if (o.cutLast) {
      const node = o.nodes[o.cutLast.node % o.nodes.length];
      const last = [...dumps].reverse().find((d) => d.node === node);
      if (last) {
        last.written = Math.min(o.cutLast.keep, last.rows.length - 1);
        last.runsRow = o.cutLast.runsRow;
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
const RUNS_FIELDS = ['ts', 'run', 'node', 'network_time', 'reason', 'duration', 'globals', 'logged', 'total', 'peak_rss'];
const RUNS_TYPES = ['time', 'count', 'string', 'time', 'string', 'interval', 'count', 'count', 'count', 'count'];

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

function footprintLines(d: HistoryDump, ours: boolean, json: boolean): string[] {
  return d.rows.slice(0, d.written).map(([v, size], j) => {
    // Our package stamps a dump's rows with the dump's time; the original, each row with its own.
    const ts = (ours ? d.ts : d.ts + j * 0.000005).toFixed(6);
    return json
      ? `{"ts":${ts},"run":${d.run},"node":"${d.node}","module_name":"${moduleOf(v)}","variable":"${v}","size":${size}}\n`
      : `${ts}\t${d.run}\t${d.node === '' ? '(empty)' : d.node}\t${moduleOf(v)}\t${v}\t${size}\n`;
  });
}

function runsLine(d: HistoryDump, json: boolean): string {
  const total = d.rows.reduce((s, [, size]) => s + size, 0);
  const ts = d.ts.toFixed(6);
  return json
    ? `{"ts":${ts},"run":${d.run},"node":"${d.node}","network_time":${ts},"reason":"interval","duration":0.008,"globals":${d.rows.length},"logged":${d.rows.length},"total":${total},"peak_rss":104857600}\n`
    : `${ts}\t${d.run}\t${d.node === '' ? '(empty)' : d.node}\t${ts}\tinterval\t0.008000\t${d.rows.length}\t${d.rows.length}\t${total}\t104857600\n`;
}

/** my_stats.log and (ours) my_stats_runs.log text of some dumps. */
export function historyText(h: History, dumps: HistoryDump[], o: TextOptions): { footprints: string; runs: string | undefined } {
  const opened = dumps[0]?.ts ?? START;
  const closedAt = (dumps[dumps.length - 1]?.ts ?? START) + 1;
  const write = (lines: string[], path: string, fields: string[], types: string[]) => {
    if (o.json) return lines.join('');
    const halves = o.twoBlocks && lines.length > 1 ? [lines.slice(0, lines.length >> 1), lines.slice(lines.length >> 1)] : [lines];
    return halves.map((part, i) => {
      const last = i === halves.length - 1;
      return header(path, fields, types, opened) + part.join('') + (!last || o.closed ? `#close\t${zeekTime(closedAt)}\n` : '');
    }).join('');
  };
  let footprints = write(dumps.flatMap((d) => footprintLines(d, h.ours, o.json)), 'my_stats', FOOTPRINT_FIELDS, FOOTPRINT_TYPES);
  if (o.tail === 'partial') footprints += o.json ? '{"ts":1795359999.0,"run":9' : '1795359999.000000\t9\tworker';
  if (o.tail === 'junk') footprints += '\u0000\u0001garbage';
  const runs = h.ours ? write(dumps.filter((d) => d.runsRow).map((d) => runsLine(d, o.json)), 'my_stats_runs', RUNS_FIELDS, RUNS_TYPES) : undefined;
  return { footprints, runs };
}

export { gzipSync };
