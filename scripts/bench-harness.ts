/**
 * Harness overhead benchmark: the whole `zeek-budget budget` run (the built CLI as a child process)
 * against bare zeek runs of exactly the same command lines, at --jobs 1 and --jobs = cores. Where
 * no zeek is installed the fake zeek stands in, with a fixed sleep per run (FAKE_ZEEK_DELAY_MS)
 * so a run costs what a short real one does; a real zeek is used when one is found.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../harness/text/format-table.js';
import { zeekCommand, type ZeekCommand } from '../harness/runner/zeek-command.js';
import { loadSuite } from '../harness/suite/load-suite.js';
import { measure, median, quote, type Summary } from './bench-measure.js';

export interface HarnessBenchOptions {
  /** Measurement repeats; medians are reported. */
  repeat: number;
  /** The fake zeek's fixed sleep per run, ms (ignored with a real zeek). */
  delayMs: number;
  /** Suite `repeat` values: each gives runs = traces x repeat; two or more give the per-run slope. */
  suiteRepeats: number[];
  jobs: number[];
  /** A zeek to use instead of looking for one. */
  zeek?: string;
  dir: string;
  log: (line: string) => void;
}

export interface HarnessMeasurement {
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
  traces: number;
  measurements: HarnessMeasurement[];
  /** Per jobs value: fixed cost (s) and cost per run (ms) from a line through the run counts. */
  fits: Array<{ jobs: number; fixedSeconds: number; perRunMs: number }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const cliBin = path.resolve(here, '..', 'harness', 'cli', 'bin.js');
const FAKE_ZEEK = path.join(repo, 'test', 'fixtures', 'fake-zeek.mjs');

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

export async function runHarnessBench(opts: HarnessBenchOptions): Promise<HarnessBenchResult> {
  const found = opts.zeek ?? realZeek();
  const zeek = found ?? FAKE_ZEEK;
  const real = found !== undefined && !found.endsWith('.mjs');
  const env: NodeJS.ProcessEnv = { ...process.env, ZEEK: zeek, ...(real ? {} : { FAKE_ZEEK_DELAY_MS: String(opts.delayMs) }) };
  const traces = readdirSync(path.join(repo, 'pcaps')).filter((f) => f.endsWith('.pcap')).sort().map((f) => path.join(repo, 'pcaps', f));
  const scratch = mkdtempSync(path.join(opts.dir, 'harness-'));
  opts.log(`harness: ${real ? 'real' : 'fake'} zeek ${zeek}${real ? '' : ` with a fixed ${opts.delayMs} ms per run`}, ${traces.length} traces`);
  const measurements: HarnessMeasurement[] = [];
  try {
    for (const suiteRepeat of opts.suiteRepeats) {
      const suiteFile = path.join(scratch, `bench-${suiteRepeat}.yaml`);
      writeFileSync(suiteFile, `name: bench\ntraces:\n${traces.map((t) => `  - ${JSON.stringify(t)}\n`).join('')}repeat: ${suiteRepeat}\n`);
      const suite = await loadSuite(suiteFile, { env });
      // Exactly the command lines the harness runs.
      const commands = suite.traces.flatMap((t) => Array.from({ length: suite.repeat }, () => zeekCommand(zeek, suite.zeek, t.path)));
      for (const jobs of opts.jobs) {
        const bareSamples: number[] = [];
        for (let i = 0; i < opts.repeat; i++) bareSamples.push(await bareRuns(commands, jobs, env, scratch));
        const bare: Summary = { seconds: median(bareSamples), minSeconds: Math.min(...bareSamples), maxSeconds: Math.max(...bareSamples), rssMiB: null, runs: bareSamples.length };
        const harness = measure(`node ${quote(cliBin)} budget --no-progress --jobs ${jobs} ${quote(suiteFile)} > /dev/null`, scratch, opts.repeat, env);
        const m = { runs: commands.length, jobs, bare, harness, overheadPerRunMs: ((harness.seconds - bare.seconds) / commands.length) * 1000 };
        measurements.push(m);
        opts.log(`  ${m.runs} runs, --jobs ${jobs}: bare ${bare.seconds.toFixed(2)} s, budget ${harness.seconds.toFixed(2)} s, +${m.overheadPerRunMs.toFixed(0)} ms/run`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { zeek, real, traces: traces.length, measurements, fits: fitOverheads(measurements) };
}

/** overhead(runs) = fixed + perRun x runs, least squares over the run counts measured. */
function fitOverheads(ms: HarnessMeasurement[]): HarnessBenchResult['fits'] {
  const fits: HarnessBenchResult['fits'] = [];
  for (const jobs of [...new Set(ms.map((m) => m.jobs))]) {
    const points = ms.filter((m) => m.jobs === jobs).map((m) => [m.runs, m.harness.seconds - m.bare.seconds] as const);
    if (new Set(points.map(([x]) => x)).size < 2) continue;
    const n = points.length;
    const mx = points.reduce((s, [x]) => s + x, 0) / n;
    const my = points.reduce((s, [, y]) => s + y, 0) / n;
    const slope = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
    fits.push({ jobs, fixedSeconds: my - slope * mx, perRunMs: slope * 1000 });
  }
  return fits;
}

export function harnessTables(r: HarnessBenchResult): string {
  const main = formatTable(r.measurements, [
    { header: 'runs', value: (m) => String(m.runs), align: 'right' },
    { header: 'jobs', value: (m) => String(m.jobs), align: 'right' },
    { header: 'bare zeek s', value: (m) => m.bare.seconds.toFixed(2), align: 'right' },
    { header: 'zeek-budget s', value: (m) => m.harness.seconds.toFixed(2), align: 'right' },
    { header: 'min-max s', value: (m) => `${m.harness.minSeconds.toFixed(2)}-${m.harness.maxSeconds.toFixed(2)}`, align: 'right' },
    { header: 'overhead/run ms', value: (m) => m.overheadPerRunMs.toFixed(0), align: 'right' },
    { header: 'peak RSS MiB', value: (m) => (m.harness.rssMiB === null ? 'n/a' : m.harness.rssMiB.toFixed(0)), align: 'right' },
  ]);
  const lines = [main];
  for (const f of r.fits) lines.push(`--jobs ${f.jobs}: fixed ${(f.fixedSeconds * 1000).toFixed(0)} ms per invocation + ${f.perRunMs.toFixed(0)} ms per zeek run`);
  const maxRuns = Math.max(...r.measurements.map((m) => m.runs));
  const atMax = r.measurements.filter((m) => m.runs === maxRuns).sort((a, b) => a.jobs - b.jobs);
  const one = atMax[0];
  for (const m of atMax.slice(1)) {
    if (!one) break;
    lines.push(`speed-up at ${maxRuns} runs, --jobs ${m.jobs} vs 1: zeek-budget x${(one.harness.seconds / m.harness.seconds).toFixed(2)}, bare zeek x${(one.bare.seconds / m.bare.seconds).toFixed(2)} (the ceiling)`);
  }
  return `${lines.join('\n')}\n`;
}

/** The zeek version line, for the machine description. */
export function zeekDescription(zeek: string, real: boolean): string {
  const v = spawnSync(zeek, ['--version'], { encoding: 'utf8' });
  return `${real ? 'zeek' : 'fake zeek (test/fixtures/fake-zeek.mjs)'}: ${zeek}, ${(v.stdout || v.stderr).trim()}`;
}
