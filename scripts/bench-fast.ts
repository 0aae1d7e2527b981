/**
 * The figures of "fast where users wait", each next to its reference, in one run:
 *   start-up      `--help` and `summarize` of a small log (goals: 150 ms, 250 ms)
 *   latest dump   `summarize` of a zeekctl tree of 1 -> 30 days of hourly gzip archives, 5 nodes,
 *                 300 globals, a dump a minute (goal: under 1 s, flat as the tree grows)
 *   full pass     a big plain log (summarize --read-all: the same question read whole, on every
 *                 core) against `wc -l` (goal: within 8x), DuckDB (ahead of it, at a fraction of
 *                 its memory; if @duckdb/node-api is installed) and mawk; a tree of gzip archives
 *                 read whole against `zcat` of the same files in parallel (goal: within 1.2x)
 *   --dumps all   peak RSS of `check --logs --dumps all` over the big log (goal: under 300 MB)
 * Every command runs as its own child process; medians of `repeat`, peak RSS from /usr/bin/time.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../harness/text/format-table.js';
import { generateArchiveTree, generateMyStatsLog } from './bench-generate.js';
import { measure, quote, type Summary } from './bench-measure.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = `node ${quote(path.resolve(here, '..', 'cli', 'bin.js'))}`;
const duckdbBin = path.join(here, 'bench-duckdb.js');

export interface FastBenchOptions {
  repeat: number;
  /** Days of the archive trees for the latest-dump figure, e.g. [1, 7, 30]. */
  treeDays: number[];
  /** Days of the tree read whole against zcat. */
  fullTreeDays: number;
  /** MB of the big plain log. */
  plainMb: number;
  dir: string;
  log: (line: string) => void;
}

export interface Figure {
  group: string;
  what: string;
  tool: string;
  m: Summary;
  note?: string;
}

export interface Goal {
  goal: string;
  measured: string;
  met: boolean | undefined;
}

export interface FastBenchResult {
  figures: Figure[];
  goals: Goal[];
}

function run(command: string): string {
  const r = spawnSync('sh', ['-c', command], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`benchmark command failed (${r.status}): ${command}\n${r.stderr}`);
  return r.stdout;
}

/** Footprint per module as `summarize --format json` gives it. */
function moduleSums(json: string): Record<string, number> {
  const s = JSON.parse(json) as { groups: Array<{ key: { module: string }; footprint: number }> };
  return Object.fromEntries(s.groups.map((g) => [g.key.module, g.footprint]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
}

function sameSums(a: Record<string, number>, b: Record<string, number>, what: string): void {
  const ka = JSON.stringify(Object.entries(a).sort());
  const kb = JSON.stringify(Object.entries(b).sort());
  if (ka !== kb) throw new Error(`${what} disagree: ${ka.slice(0, 300)} vs ${kb.slice(0, 300)}`);
}

/** mawk: per node, the rows of its latest run, summed per module (the same answer on the generated logs). */
const AWK_LATEST = `-F'\\t' '!/^#/ { if ($2 != run[$3]) { run[$3] = $2; for (k in s) if (index(k, $3 SUBSEP) == 1) delete s[k] } s[$3, $4] += $6 }
  END { for (k in s) { split(k, p, SUBSEP); m[p[2]] += s[k] } for (x in m) printf "%s %.0f\\n", x, m[x] }'`;

export function runFastBench(opts: FastBenchOptions): FastBenchResult {
  const figures: Figure[] = [];
  const goals: Goal[] = [];
  const add = (group: string, what: string, tool: string, command: string, note?: string): Summary => {
    const m = measure(command, opts.dir, opts.repeat);
    figures.push({ group, what, tool, m, note });
    opts.log(
      `  ${group} ${what} ${tool}: ${m.seconds.toFixed(2)} s (${m.minSeconds.toFixed(2)}-${m.maxSeconds.toFixed(2)}), ${m.rssMiB?.toFixed(0) ?? '?'} MiB`,
    );
    return m;
  };

  // Start-up.
  const small = path.join(opts.dir, 'small-my_stats.log');
  generateMyStatsLog(small, { targetBytes: 200_000, format: 'ascii', gzip: false });
  const help = add('start-up', '-', 'zeek-budget --help', `${cli} --help > /dev/null`);
  const sum = add('start-up', '200 KB log', 'zeek-budget summarize', `${cli} summarize ${quote(small)} > /dev/null`);
  add('start-up', '-', 'node -e 0 (the floor)', 'node -e 0');
  goals.push({ goal: '--help under 150 ms', measured: `${(help.seconds * 1000).toFixed(0)} ms`, met: help.seconds < 0.15 });
  goals.push({ goal: 'summarize of a small log under 250 ms', measured: `${(sum.seconds * 1000).toFixed(0)} ms`, met: sum.seconds < 0.25 });

  // Latest dump over growing trees.
  const latest: Array<{ days: number; s: number }> = [];
  for (const days of opts.treeDays) {
    const prefix = path.join(opts.dir, `tree-${days}d`);
    const t = generateArchiveTree(prefix, { days });
    opts.log(
      `tree ${days} d: ${t.archives} archives, ${(t.archiveBytes / 1e6).toFixed(0)} MB gzip, ${(t.textBytes / 1e9).toFixed(2)} GB of log text, ${t.rows} rows`,
    );
    const m = add(
      'latest dump',
      `${days} d tree`,
      'zeek-budget summarize',
      `${cli} summarize ${quote(prefix)} --format json > /dev/null`,
      `${t.archives} archives, ${(t.textBytes / 1e9).toFixed(2)} GB text`,
    );
    latest.push({ days, s: m.seconds });
    rmSync(prefix, { recursive: true, force: true });
  }
  if (latest.length > 0) {
    const worst = Math.max(...latest.map((l) => l.s));
    const ratio = worst / Math.min(...latest.map((l) => l.s));
    goals.push({
      goal: 'latest-dump summarize of a 30-day tree under 1 s',
      measured: latest.map((l) => `${l.days} d ${l.s.toFixed(2)} s`).join(', '),
      met: worst < 1,
    });
    goals.push({ goal: 'flat as the tree grows (slowest/fastest <= 1.5)', measured: `x${ratio.toFixed(2)}`, met: ratio <= 1.5 });
  }

  // A full pass over a big plain log.
  const big = path.join(opts.dir, `big-${opts.plainMb}mb.log`);
  const g = generateMyStatsLog(big, {
    targetBytes: opts.plainMb * 1e6,
    format: 'ascii',
    gzip: false,
    nodes: ['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2'],
  });
  opts.log(`plain log: ${(g.bytes / 1e6).toFixed(0)} MB, ${g.lines} lines`);
  const what = `${(g.bytes / 1e6).toFixed(0)} MB log`;
  const ours = moduleSums(run(`${cli} summarize ${quote(big)} --read-all --format json`));
  sameSums(moduleSums(run(`${cli} summarize ${quote(big)} --format json`)), ours, 'summarize from the end and read whole');
  const awkSums = Object.fromEntries(
    run(`awk ${AWK_LATEST} ${quote(big)}`)
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .map(([m, v]) => [m as string, Number(v)]),
  );
  sameSums(awkSums, ours, 'mawk and summarize');
  const wc = add('full pass', what, 'wc -l (the floor)', `wc -l ${quote(big)} > /dev/null`);
  const whole = add(
    'full pass',
    what,
    'zeek-budget summarize --read-all',
    `${cli} summarize ${quote(big)} --read-all --format json > /dev/null`,
    'every core; the latest dump per node, read whole',
  );
  add('full pass', what, 'zeek-budget summarize --run max', `${cli} summarize ${quote(big)} --run max --format json > /dev/null`, 'every core');
  add('full pass', what, 'zeek-budget summarize (default)', `${cli} summarize ${quote(big)} --format json > /dev/null`, 'the latest dump read from the end');
  const awk = add('full pass', what, 'mawk (same sums)', `awk ${AWK_LATEST} ${quote(big)} > /dev/null`);
  const duck = JSON.parse(run(`node ${quote(duckdbBin)} ${quote(big)}`)) as { sums?: Record<string, number>; unavailable?: string };
  let duckM: Summary | undefined;
  if (duck.sums) {
    sameSums(duck.sums, ours, 'DuckDB and summarize');
    duckM = add('full pass', what, 'DuckDB read_csv (same sums)', `node ${quote(duckdbBin)} ${quote(big)} > /dev/null`, '@duckdb/node-api');
  } else {
    opts.log(`DuckDB: ${duck.unavailable}`);
  }
  goals.push({ goal: `full pass within 8x wc -l (${what})`, measured: `x${(whole.seconds / wc.seconds).toFixed(1)}`, met: whole.seconds <= 8 * wc.seconds });
  goals.push({ goal: 'full pass ahead of mawk', measured: `${whole.seconds.toFixed(2)} s vs ${awk.seconds.toFixed(2)} s`, met: whole.seconds < awk.seconds });
  goals.push(
    duckM
      ? {
          goal: 'full pass ahead of DuckDB, at a fraction of its memory',
          measured: `${whole.seconds.toFixed(2)} s vs ${duckM.seconds.toFixed(2)} s; ${whole.rssMiB?.toFixed(0)} vs ${duckM.rssMiB?.toFixed(0)} MiB`,
          met: whole.seconds < duckM.seconds && (whole.rssMiB ?? 0) < (duckM.rssMiB ?? 0),
        }
      : { goal: 'full pass ahead of DuckDB', measured: duck.unavailable ?? 'not run', met: undefined },
  );

  // --dumps all: memory.
  const dumpsAll = add(
    '--dumps all',
    what,
    'zeek-budget check --logs --dumps all',
    `cd ${quote(opts.dir)} && ${cli} check --logs ${quote(big)} --dumps all > /dev/null; test $? -le 1`,
  );
  goals.push({
    goal: `check --dumps all peak RSS under 300 MB (${what})`,
    measured: `${dumpsAll.rssMiB?.toFixed(0)} MiB`,
    met: (dumpsAll.rssMiB ?? Infinity) < 300,
  });
  rmSync(big, { force: true });

  // A full pass over a tree of gzip archives.
  const prefix = path.join(opts.dir, `tree-full-${opts.fullTreeDays}d`);
  const t = generateArchiveTree(prefix, { days: opts.fullTreeDays });
  const files = listMyStats(prefix);
  const treeWhat = `${opts.fullTreeDays} d tree (${(t.textBytes / 1e9).toFixed(2)} GB text)`;
  const list = path.join(opts.dir, 'archives.txt');
  run(`printf '%s\\n' ${files.archives.map(quote).join(' ')} > ${quote(list)}`);
  const cores = os.availableParallelism();
  const zcat = add(
    'full pass',
    treeWhat,
    `zcat, ${cores} in parallel (xargs -P)`,
    `xargs -P ${cores} -n 8 zcat < ${quote(list)} > /dev/null; cat ${quote(files.live)} > /dev/null`,
    'the my_stats archives and the live log',
  );
  const tree = add(
    'full pass',
    treeWhat,
    'zeek-budget summarize --read-all',
    `${cli} summarize ${quote(prefix)} --read-all --format json > /dev/null`,
    'every core',
  );
  goals.push({
    goal: 'a tree of gzip archives read whole within 1.2x of zcat in parallel',
    measured: `x${(tree.seconds / zcat.seconds).toFixed(2)} (${tree.seconds.toFixed(2)} s vs ${zcat.seconds.toFixed(2)} s)`,
    met: tree.seconds <= 1.2 * zcat.seconds,
  });
  rmSync(prefix, { recursive: true, force: true });
  return { figures, goals };
}

function listMyStats(prefix: string): { archives: string[]; live: string } {
  const archives: string[] = [];
  const logs = path.join(prefix, 'logs');
  for (const day of readdirSync(logs).sort()) {
    for (const f of readdirSync(path.join(logs, day)).sort()) if (f.startsWith('my_stats.')) archives.push(path.join(logs, day, f));
  }
  const live = path.join(prefix, 'spool', 'logger-1', 'my_stats.log');
  statSync(live);
  return { archives, live };
}

export function fastTables(r: FastBenchResult): string {
  const table = formatTable(r.figures, [
    { header: 'figure', value: (f) => f.group },
    { header: 'input', value: (f) => f.what },
    { header: 'tool', value: (f) => f.tool },
    { header: 'median s', value: (f) => f.m.seconds.toFixed(2), align: 'right' },
    { header: 'min-max s', value: (f) => `${f.m.minSeconds.toFixed(2)}-${f.m.maxSeconds.toFixed(2)}`, align: 'right' },
    { header: 'peak RSS MiB', value: (f) => (f.m.rssMiB === null ? 'n/a' : f.m.rssMiB.toFixed(0)), align: 'right' },
    { header: 'note', value: (f) => f.note ?? '' },
  ]);
  const goals = formatTable(r.goals, [
    { header: 'goal', value: (g) => g.goal },
    { header: 'measured', value: (g) => g.measured },
    { header: '', value: (g) => (g.met === undefined ? 'not measured' : g.met ? 'met' : 'MISSED') },
  ]);
  return `${table}\n${goals}`;
}
