/**
 * Harness overhead benchmark: the whole `zeek-budget budget` run (the built CLI as a child process)
 * against bare zeek runs of exactly the same command lines, at --jobs 1 and --jobs = cores. Where
 * no zeek is installed the fake zeek stands in, twice: with a fixed sleep per run
 * (FAKE_ZEEK_DELAY_MS: a run costs the wall time of a short real one but leaves the cores free) and
 * with a fixed amount of CPU time per run (FAKE_ZEEK_BUSY_MS: a run keeps a core busy, as zeek
 * does, so whatever the harness computes meanwhile competes with it). A real zeek is used when one
 * is found. The traces are the real ones in ../shared/pcaps when there (gzip'ed ones decompressed
 * beforehand for the bare runs, which cannot read gzip), else the project's pcaps/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../harness/text/format-table.js';
import { zeekCommand, type ZeekCommand } from '../harness/runner/zeek-command.js';
import { loadSuite } from '../harness/suite/load-suite.js';
import { measure, median, quote, type Summary } from './bench-measure.js';

export type StandIn = 'sleep' | 'cpu';

export interface HarnessBenchOptions {
  /** Measurement repeats; medians are reported. */
  repeat: number;
  /** The fake zeek's cost per run, ms: a sleep or CPU time (ignored with a real zeek). */
  delayMs: number;
  /** Which fake zeeks to measure (ignored with a real zeek). */
  standIns: StandIn[];
  /** Suite `repeat` values: each gives runs = traces x repeat; two or more give the per-run slope. */
  suiteRepeats: number[];
  jobs: number[];
  /** A zeek to use instead of looking for one. */
  zeek?: string;
  dir: string;
  log: (line: string) => void;
}

export interface HarnessMeasurement {
  /** 'real' with a real zeek. */
  standIn: StandIn | 'real';
  runs: number;
  jobs: number;
  bare: Summary;
  harness: Summary;
  /** (harness - bare) / runs, ms: everything the harness adds, start-up included, per run. */
  overheadPerRunMs: number;
}

export interface HarnessBenchResult {
  zeek: string;
  real: boolean;
  traces: string[];
  measurements: HarnessMeasurement[];
  /** Per stand-in and jobs value: fixed cost (s) and cost per run (ms) from a line through the run counts. */
  fits: Array<{ standIn: HarnessMeasurement['standIn']; jobs: number; fixedSeconds: number; perRunMs: number }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const cliBin = path.resolve(here, '..', 'cli', 'bin.js');
const FAKE_ZEEK = path.join(repo, 'test', 'fixtures', 'fake-zeek.mjs');
const SHARED_PCAPS = path.resolve(repo, '..', 'shared', 'pcaps');
/** The goal: the harness's --jobs speed-up at least this share of the bare runs' speed-up. */
export const SPEEDUP_GOAL = 0.95;

function realZeek(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/zeek/bin', '/opt/zeek/bin'];
  for (const c of [process.env.ZEEK, ...dirs.filter(Boolean).map((d) => path.join(d, 'zeek'))]) {
    if (!c || c.endsWith('.mjs')) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The real traces of ../shared/pcaps (8 or more), else the project's own. */
export function benchTraces(): string[] {
  const list = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => /\.pcap(ng)?(\.gz)?$/.test(f))
          .sort()
          .map((f) => path.join(dir, f))
      : [];
  const shared = list(SHARED_PCAPS);
  return shared.length >= 8 ? shared : list(path.join(repo, 'pcaps'));
}

/** Runs the commands with at most `jobs` at once, each in its own fresh directory; wall seconds. */
async function bareRuns(commands: ZeekCommand[], jobs: number, env: NodeJS.ProcessEnv, scratch: string): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < commands.length) {
      const cmd = commands[next++] as ZeekCommand;
      const dir = mkdtempSync(path.join(scratch, 'bare-'));
      await new Promise<void>((resolve, reject) => {
        const child = spawn(cmd.file, cmd.args, { cwd: dir, env, stdio: 'ignore' });
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bare zeek run failed (${code}): ${cmd.file} ${cmd.args.join(' ')}`))));
      });
      rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, commands.length) }, worker));
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** What zeek reads for a trace: gzip'ed ones decompressed once (zeek cannot read gzip; the harness does the same). */
async function readableTrace(trace: string, scratch: string): Promise<string> {
  if (!trace.endsWith('.gz')) return trace;
  const out = path.join(scratch, path.basename(trace, '.gz'));
  await pipeline(createReadStream(trace), createGunzip(), createWriteStream(out));
  return out;
}

export async function runHarnessBench(opts: HarnessBenchOptions): Promise<HarnessBenchResult> {
  const found = opts.zeek ?? realZeek();
  const zeek = found ?? FAKE_ZEEK;
  const real = found !== undefined && !found.endsWith('.mjs');
  const traces = benchTraces();
  const scratch = mkdtempSync(path.join(opts.dir, 'harness-'));
  const measurements: HarnessMeasurement[] = [];
  try {
    const readable = new Map<string, string>();
    for (const t of traces) readable.set(t, await readableTrace(t, scratch));
    for (const standIn of real ? (['real'] as const) : opts.standIns) {
      const env: NodeJS.ProcessEnv = { ...process.env, ZEEK: zeek };
      if (standIn === 'sleep') env.FAKE_ZEEK_DELAY_MS = String(opts.delayMs);
      if (standIn === 'cpu') env.FAKE_ZEEK_BUSY_MS = String(opts.delayMs);
      opts.log(
        `harness: ${real ? 'real' : 'fake'} zeek ${zeek}${real ? '' : standIn === 'sleep' ? ` sleeping ${opts.delayMs} ms per run` : ` computing ${opts.delayMs} ms of CPU time per run`}, ${traces.length} traces`,
      );
      for (const suiteRepeat of opts.suiteRepeats) {
        const suiteFile = path.join(scratch, `bench-${suiteRepeat}.yaml`);
        writeFileSync(suiteFile, `name: bench\ntraces:\n${traces.map((t) => `  - ${JSON.stringify(t)}\n`).join('')}repeat: ${suiteRepeat}\n`);
        const suite = await loadSuite(suiteFile, { env });
        // Exactly the command lines the harness runs (over the decompressed copies of .gz traces).
        const commands = suite.traces.flatMap((t) => Array.from({ length: suite.repeat }, () => zeekCommand(zeek, suite.zeek, readable.get(t.path) ?? t.path)));
        for (const jobs of opts.jobs) {
          const bareSamples: number[] = [];
          const harnessSamples: Summary[] = [];
          // Interleaved, so a change in the machine's load hits both alike.
          for (let i = 0; i < opts.repeat; i++) {
            bareSamples.push(await bareRuns(commands, jobs, env, scratch));
            harnessSamples.push(measure(`node ${quote(cliBin)} budget --no-progress --jobs ${jobs} ${quote(suiteFile)} > /dev/null`, scratch, 1, env));
          }
          const bare: Summary = {
            seconds: median(bareSamples),
            minSeconds: Math.min(...bareSamples),
            maxSeconds: Math.max(...bareSamples),
            rssMiB: null,
            runs: bareSamples.length,
          };
          const harness = combine(harnessSamples);
          const m = { standIn, runs: commands.length, jobs, bare, harness, overheadPerRunMs: ((harness.seconds - bare.seconds) / commands.length) * 1000 };
          measurements.push(m);
          opts.log(
            `  ${m.runs} runs, --jobs ${jobs}: bare ${bare.seconds.toFixed(2)} s, budget ${harness.seconds.toFixed(2)} s, +${m.overheadPerRunMs.toFixed(0)} ms/run`,
          );
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { zeek, real, traces, measurements, fits: fitOverheads(measurements) };
}

/** One summary of single-run summaries. */
function combine(samples: Summary[]): Summary {
  const secs = samples.map((s) => s.seconds);
  const rss = samples.map((s) => s.rssMiB).filter((v): v is number => v !== null);
  return { seconds: median(secs), minSeconds: Math.min(...secs), maxSeconds: Math.max(...secs), rssMiB: rss.length ? median(rss) : null, runs: samples.length };
}

/** overhead(runs) = fixed + perRun x runs, least squares over the run counts measured. */
function fitOverheads(ms: HarnessMeasurement[]): HarnessBenchResult['fits'] {
  const fits: HarnessBenchResult['fits'] = [];
  for (const standIn of [...new Set(ms.map((m) => m.standIn))]) {
    for (const jobs of [...new Set(ms.map((m) => m.jobs))]) {
      const points = ms.filter((m) => m.standIn === standIn && m.jobs === jobs).map((m) => [m.runs, m.harness.seconds - m.bare.seconds] as const);
      if (new Set(points.map(([x]) => x)).size < 2) continue;
      const n = points.length;
      const mx = points.reduce((s, [x]) => s + x, 0) / n;
      const my = points.reduce((s, [, y]) => s + y, 0) / n;
      const slope = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
      fits.push({ standIn, jobs, fixedSeconds: my - slope * mx, perRunMs: slope * 1000 });
    }
  }
  return fits;
}

export interface SpeedUp {
  standIn: HarnessMeasurement['standIn'];
  runs: number;
  jobs: number;
  harness: number;
  bare: number;
  /** harness / bare: the goal is >= SPEEDUP_GOAL. */
  ratio: number;
}

/** Speed-up of --jobs N over --jobs 1, for the harness and the bare runs, at each run count. */
export function speedUps(r: HarnessBenchResult): SpeedUp[] {
  const out: SpeedUp[] = [];
  for (const one of r.measurements.filter((m) => m.jobs === 1)) {
    for (const m of r.measurements.filter((x) => x.standIn === one.standIn && x.runs === one.runs && x.jobs > 1)) {
      const harness = one.harness.seconds / m.harness.seconds;
      const bare = one.bare.seconds / m.bare.seconds;
      out.push({ standIn: m.standIn, runs: m.runs, jobs: m.jobs, harness, bare, ratio: harness / bare });
    }
  }
  return out;
}

const STAND_IN_LABEL: Record<HarnessMeasurement['standIn'], string> = { sleep: 'fake, sleeps', cpu: 'fake, CPU-bound', real: 'real zeek' };

export function harnessTables(r: HarnessBenchResult): string {
  const main = formatTable(r.measurements, [
    { header: 'zeek', value: (m) => STAND_IN_LABEL[m.standIn] },
    { header: 'runs', value: (m) => String(m.runs), align: 'right' },
    { header: 'jobs', value: (m) => String(m.jobs), align: 'right' },
    { header: 'bare zeek s', value: (m) => m.bare.seconds.toFixed(2), align: 'right' },
    { header: 'zeek-budget s', value: (m) => m.harness.seconds.toFixed(2), align: 'right' },
    { header: 'min-max s', value: (m) => `${m.harness.minSeconds.toFixed(2)}-${m.harness.maxSeconds.toFixed(2)}`, align: 'right' },
    { header: 'overhead/run ms', value: (m) => m.overheadPerRunMs.toFixed(0), align: 'right' },
    { header: 'peak RSS MiB', value: (m) => (m.harness.rssMiB === null ? 'n/a' : m.harness.rssMiB.toFixed(0)), align: 'right' },
  ]);
  const lines = [main];
  for (const f of r.fits)
    lines.push(
      `${STAND_IN_LABEL[f.standIn]}, --jobs ${f.jobs}: fixed ${(f.fixedSeconds * 1000).toFixed(0)} ms per invocation + ${f.perRunMs.toFixed(0)} ms per zeek run`,
    );
  for (const s of speedUps(r)) {
    lines.push(
      `${STAND_IN_LABEL[s.standIn]}, ${s.runs} runs, --jobs ${s.jobs} vs 1: zeek-budget x${s.harness.toFixed(2)}, bare zeek x${s.bare.toFixed(2)} -> ${s.ratio.toFixed(3)} of the bare speed-up (goal >= ${SPEEDUP_GOAL}: ${s.ratio >= SPEEDUP_GOAL ? 'met' : 'MISSED'})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The zeek version line, for the machine description. */
export function zeekDescription(zeek: string, real: boolean): string {
  const v = spawnSync(zeek, ['--version'], { encoding: 'utf8' });
  return `${real ? 'zeek' : 'fake zeek (test/fixtures/fake-zeek.mjs)'}: ${zeek}, ${(v.stdout || v.stderr).trim()}`;
}
