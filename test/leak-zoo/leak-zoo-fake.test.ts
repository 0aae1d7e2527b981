// The leak zoo (suites/leak-zoo/leak-zoo.yaml and its fixed twin suites/leak-zoo/leak-zoo-fixed.yaml) run straight
// through the fake zeek, as the harness would run zeek: every script of a suite loaded at once, over
// each of the suite's generated workloads. The leaks must show in the logs the package writes - the
// variable or connection field beyond what the suite's budget allows - and the twins must stay
// within it. The budgets are read from the suites, so a change to either side shows here.
// (End-to-end runs through the CLI need the suite schema's `connection:` and `timing: rss`.)
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { packageArgs, SEED_FILE } from '../../harness/zeek-package.js';
import { writeWorkloadPcap, type WorkloadKind } from '../../harness/workloads/index.js';
import { REPO } from '../zeek-package/helpers/paths.js';
import { runFakeZeek, tempDir } from '../zeek-package/helpers/run-fake-zeek.js';
import { readAsciiLog, type AsciiLog } from '../zeek-package/helpers/zeek-log.js';

interface Rule {
  name: string;
  variable?: string;
  connection?: string;
  timing?: string;
  trace: string;
  max?: number;
  measure?: string;
  growth?: { warmup: string; max_per_hour: number };
  scaling?: { max_per_unit: number };
}

interface SuiteFile {
  name: string;
  zeek: { scripts: string[]; interval: string };
  traces: Array<{ name: string; workload: { kind: WorkloadKind; count: number | number[]; hosts?: number; duration?: number; rate?: number } }>;
  budgets: Rule[];
}

const SUITES = path.join(REPO, 'suites', 'leak-zoo');
const read = (file: string) => parse(readFileSync(path.join(SUITES, file), 'utf8')) as SuiteFile;
const leak = read('leak-zoo.yaml');
const fixed = read('leak-zoo-fixed.yaml');
const work = tempDir('leak-zoo-');
afterAll(() => work.remove());

interface Run {
  trace: string;
  footprints: AsciiLog;
  conns: AsciiLog;
  runs: AsciiLog;
  conn: AsciiLog;
}

/** Trace label (as the suite loader names them: NAME-COUNT) -> pcap, generated like the suite's workloads (seed 1). */
async function traces(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of leak.traces) {
    const w = t.workload;
    for (const count of Array.isArray(w.count) ? w.count : [w.count]) {
      const duration = w.duration ?? Math.round((count / (w.rate ?? 1)) * 1e6) / 1e6;
      const file = path.join(work.path, `${t.name}-${count}.pcap`);
      await writeWorkloadPcap({ kind: w.kind, count, hosts: w.hosts, duration, seed: 1 }, file);
      out.set(`${t.name}-${count}`, file);
    }
  }
  return out;
}

async function runSuite(suite: SuiteFile, files: Map<string, string>): Promise<Map<string, Run>> {
  const runs = new Map<string, Run>();
  for (const [label, trace] of files) {
    const dir = path.join(work.path, `${suite.name}-${label}`);
    mkdirSync(dir);
    const scripts = suite.zeek.scripts.map((s) => path.join(SUITES, s));
    const r = await runFakeZeek(['-C', '-r', trace, '-G', SEED_FILE, ...packageArgs({ runInterval: 10 }), ...scripts], dir);
    expect([label, r.exitCode, r.stderr]).toEqual([label, 0, '']);
    const log = (name: string) => readAsciiLog(path.join(dir, `${name}.log`));
    runs.set(label, { trace: label, footprints: log('my_stats'), conns: log('my_stats_conns'), runs: log('my_stats_runs'), conn: log('conn') });
  }
  return runs;
}

let leakRuns: Map<string, Run>;
let fixedRuns: Map<string, Run>;
beforeAll(async () => {
  const files = await traces();
  leakRuns = await runSuite(leak, files);
  fixedRuns = await runSuite(fixed, files);
}, 120_000);

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
const rule = (name: string) => {
  const r = leak.budgets.find((b) => b.name === name);
  if (!r) throw new Error(`no budget "${name}" in leak-zoo.yaml`);
  return r;
};
const runsFor = (runs: Map<string, Run>, r: Rule) => [...runs.values()].filter((run) => glob(r.trace).test(run.trace));

function variableSeries(run: Run, variable: string): number[] {
  return run.footprints.rows.filter((row) => row.variable === variable).map((row) => Number(row.size));
}

/** The worst connection's footprint of a field over all dumps, with its row. */
function worstConnection(run: Run, field: string) {
  const rows = run.conns.rows.filter((row) => row.field === field);
  return rows.reduce<(typeof rows)[number] | undefined>((best, row) => (!best || Number(row.max) > Number(best.max) ? row : best), undefined);
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const cov = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const varx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return cov / varx;
}

test('the fixed suite is the leak suite with each script replaced by its twin', () => {
  const { name: _a, description: _b, zeek: leakZeek, ...leakRest } = leak as SuiteFile & { description: string };
  const { name: _c, description: _d, zeek: fixedZeek, ...fixedRest } = fixed as SuiteFile & { description: string };
  expect(fixedRest).toEqual(leakRest);
  expect(fixedZeek.scripts).toEqual(leakZeek.scripts.map((s) => s.replace(/\.zeek$/, '-fixed.zeek')));
  expect(fixedZeek.interval).toBe(leakZeek.interval);
  expect(leak.budgets).toHaveLength(7);
});

test.each([
  ['host table without expiry', 'ZooHosts::seen'],
  ['references to every connection', 'ZooRefs::seen'],
])('%s: %s is over its max with the leak, within it fixed', (name, variable) => {
  const r = rule(name);
  expect(r.variable).toBe(variable);
  for (const run of runsFor(leakRuns, r)) expect(Math.max(...variableSeries(run, variable))).toBeGreaterThan(r.max!);
  for (const run of runsFor(fixedRuns, r)) {
    const series = variableSeries(run, variable);
    expect(Math.max(...series)).toBeLessThanOrEqual(r.max!);
    expect(Math.max(...series)).toBeGreaterThan(0);
  }
});

test('expiry lost on reassignment: ZooReassign::recent grows at every dump with the leak, flat after the warm-up fixed', () => {
  const r = rule('expiry lost on reassignment');
  const warmup = Number(/^(\d+)s$/.exec(r.growth!.warmup)?.[1]);
  expect(warmup).toBeGreaterThan(60);
  const grown = (run: Run) => {
    const times = run.runs.rows.map((row) => Number(row.network_time));
    const series = variableSeries(run, 'ZooReassign::recent');
    return series.map((v, i) => [times[i]! - times[0]!, v] as [number, number]).filter(([t]) => t >= warmup);
  };
  for (const run of runsFor(leakRuns, r)) {
    const points = grown(run);
    expect(points.length).toBeGreaterThanOrEqual(3);
    points.slice(1).forEach(([, v], i) => expect(v).toBeGreaterThan(points[i]![1]));
    expect(slope(points) * 3600).toBeGreaterThan(r.growth!.max_per_hour);
  }
  for (const run of runsFor(fixedRuns, r)) expect(Math.abs(slope(grown(run)) * 3600)).toBeLessThan(r.growth!.max_per_hour);
});

test.each([
  ['pending requests on half-duplex traffic', 'zoo_http_pending'],
  ['per-connection backing table', 'zoo_backing'],
  ['history of a long-lived connection', 'zoo_history'],
])('%s: connection field %s beyond its max in one connection with the leak, within it fixed', (name, field) => {
  const r = rule(name);
  expect(r.connection).toBe(field);
  for (const run of runsFor(leakRuns, r)) {
    const worst = worstConnection(run, field)!;
    expect(Number(worst.max)).toBeGreaterThan(r.max!);
    // The worst connection is named: its uid is the one of conn.log's single row, its 5-tuple that row's.
    const [conn] = run.conn.rows;
    expect(worst.max_uid).toBe(conn!.uid);
    expect(worst.max_id).toBe(`${conn!['id.orig_h']}:${conn!['id.orig_p']}/tcp -> ${conn!['id.resp_h']}:${conn!['id.resp_p']}/tcp`);
  }
  for (const run of runsFor(fixedRuns, r)) expect(Number(worstConnection(run, field)?.max ?? 0)).toBeLessThanOrEqual(r.max!);
});

test('history of a long-lived connection: the interval dumps already see it, measured while the connection is open', () => {
  const [run] = runsFor(leakRuns, rule('history of a long-lived connection'));
  const rows = run!.conns.rows.filter((row) => row.field === 'zoo_history');
  const live = rows.filter((row) => row.live === 'T').map((row) => Number(row.max));
  expect(live.length).toBeGreaterThanOrEqual(5);
  live.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(live[i]!));
  expect(live.at(-1)!).toBeGreaterThan(100);
  // The last dump is the final one, after the flush removed the connection.
  expect(rows.at(-1)?.live).toBe('F');
});

test('growth only RSS sees: rss per query across the DNS sizes is over the budget with the leak, within it fixed; no footprint shows it', () => {
  const r = rule('growth only RSS sees');
  const perQuery = (runs: Map<string, Run>) =>
    slope(runsFor(runs, r).map((run) => [Number(run.trace.split('-').at(-1)), Number(run.runs.rows.at(-1)!.rss)] as [number, number]));
  expect(runsFor(leakRuns, r)).toHaveLength(3);
  expect(perQuery(leakRuns)).toBeGreaterThan(r.scaling!.max_per_unit);
  expect(Math.abs(perQuery(fixedRuns))).toBeLessThan(r.scaling!.max_per_unit);
  for (const run of runsFor(leakRuns, r)) {
    expect(run.footprints.rows.some((row) => row.module_name === 'ZooRss')).toBe(false);
  }
});
