import os from 'node:os';
import tmp from 'tmp';
import { EnvironmentError } from '../errors.js';
import type { Dump, Subject, TimingSamples } from '../measure/types.js';
import type { Suite, TraceRef } from '../suite/types.js';
import { holdPath } from '../util/live-resources.js';
import { Semaphore } from '../util/semaphore.js';
import { median } from '../util/stats.js';
import { runTrace } from './run-trace.js';
import type { RunResult, SuiteRun } from '../measure/run-result.js';
import { TraceStore, type PreparedTrace } from './trace-store.js';

export interface RunSuitesOptions {
  zeekPath: string;
  env: Record<string, string | undefined>;
  jobs: number;
  keepTmp: boolean;
  /** Only traces whose `suite/trace` label matches run. */
  selectTrace?: (suite: Suite, trace: TraceRef) => boolean;
  signal?: AbortSignal;
  onRunStart?: (run: { suite: string; trace: string; repeat: number }) => void;
  onRunEnd?: (result: RunResult, done: number, total: number) => void;
}

interface Job {
  suite: Suite;
  trace: TraceRef;
  repeat: number;
  side: number;
}

/**
 * One side of a comparison (--against, --zeek-base): its own version of every suite (same names,
 * same traces; other scripts or settings) and the zeek that runs it.
 */
export interface RunSide {
  suites: Suite[];
  zeekPath: string;
}

/**
 * Runs every selected trace of every suite, `repeat` times each, at most `jobs` zeeks at once. The
 * harness's own work stays off the path of the zeek runs: traces are made ready (decompressed,
 * generated, checksummed) one after another ahead of the runs, zeek reads a plain trace in place
 * without waiting for its checksum, and a run gives its place to the next zeek as soon as its zeek
 * exits, before its logs are read.
 */
export async function runSuites(suites: Suite[], opts: RunSuitesOptions): Promise<SuiteRun[]> {
  const [runs] = await runSides([{ suites, zeekPath: opts.zeekPath }], opts);
  return runs ?? [];
}

/**
 * Runs several sides over the same traces, interleaved run by run: repeat 1 of every side, then
 * repeat 2 of every side, ... (A B A B), so that whatever slows the machine for a while (a noisy
 * neighbour, a thermal limit) hits both sides of a pair alike. `sides[k].suites[i]` is suite i on
 * side k; the traces come from side 0. Returns one SuiteRun list per side, in the sides' order.
 */
export async function runSides(sides: RunSide[], opts: Omit<RunSuitesOptions, 'zeekPath'>): Promise<SuiteRun[][]> {
  const scratch = scratchDir();
  const release = holdPath(scratch.name);
  const store = new TraceStore(scratch.name);
  const head = sides[0]?.suites ?? [];
  try {
    const jobs: Job[] = head.flatMap((suite, i) =>
      suite.traces
        .filter((t) => opts.selectTrace?.(suite, t) ?? true)
        .flatMap((trace) =>
          Array.from({ length: suite.repeat }, (_, r) => sides.map((side, k) => ({ suite: side.suites[i] ?? suite, trace, repeat: r + 1, side: k }))).flat(),
        ),
    );
    // Traces are made ready one after another, ahead of the runs that need them, in the runs' order.
    const preparing = new Map<string, Promise<PreparedTrace>>();
    let queue: Promise<unknown> = Promise.resolve();
    for (const job of jobs) {
      if (preparing.has(job.trace.path)) continue;
      const p = queue.then(() => (opts.signal?.aborted ? Promise.reject(new Error('interrupted')) : store.prepare(job.trace)));
      queue = p.catch(() => undefined);
      preparing.set(job.trace.path, p);
    }
    const slots = new Semaphore(opts.jobs);
    let done = 0;
    const results = await Promise.all(
      jobs.map(async (job) => {
        const zeekPath = sides[job.side]?.zeekPath ?? '';
        const r = await runOne(job, preparing.get(job.trace.path) as Promise<PreparedTrace>, slots, { ...opts, zeekPath });
        if (sides.length > 1) r.side = job.side === 0 ? 'head' : 'base';
        opts.onRunEnd?.(r, ++done, jobs.length);
        return r;
      }),
    );
    const prepared = new Map<string, PreparedTrace | Error>();
    for (const [file, p] of preparing) prepared.set(file, await p.catch((e: unknown) => e as Error));
    return sides.map((side, k) =>
      side.suites.map((suite) =>
        assemble(
          suite,
          results.filter((_, j) => jobs[j]?.side === k && jobs[j]?.suite === suite),
          prepared,
          opts,
        ),
      ),
    );
  } finally {
    scratch.removeCallback();
    release();
  }
}

/** Decompressed traces go here; every run's directory sits beside it, in TMPDIR. */
function scratchDir(): tmp.DirResult {
  try {
    return tmp.dirSync({ prefix: 'zeek-budget-traces-', unsafeCleanup: true });
  } catch (e) {
    throw new EnvironmentError(`cannot create a temporary directory in ${os.tmpdir()}: ${(e as Error).message} (set TMPDIR to a writable directory)`);
  }
}

async function runOne(job: Job, preparing: Promise<PreparedTrace>, slots: Semaphore, opts: RunSuitesOptions): Promise<RunResult> {
  const notRun = (failure: RunResult['failure']): RunResult => ({
    suite: job.suite.name,
    trace: job.trace,
    repeat: job.repeat,
    command: '',
    wallSeconds: 0,
    dumps: [],
    warnings: [],
    failure,
  });
  const aborted = notRun({ kind: 'aborted', message: 'interrupted' });
  const failed = (e: unknown): RunResult => (opts.signal?.aborted ? aborted : notRun({ kind: 'bad-log', message: (e as Error).message }));
  // zeek reads a plain trace in place, while it is checksummed: only decompressed or generated
  // ones must be ready before their zeek starts.
  let tracePath: string;
  try {
    tracePath = !job.trace.compressed && !job.trace.workload ? job.trace.path : (await preparing).path;
  } catch (e) {
    return failed(e);
  }
  const release = await slots.acquire();
  let result: RunResult;
  try {
    // Interrupted: the runs not started yet are not started.
    if (opts.signal?.aborted) return aborted;
    opts.onRunStart?.({ suite: job.suite.name, trace: job.trace.label, repeat: job.repeat });
    result = await runTrace(job.suite, job.trace, tracePath, job.repeat, {
      zeekPath: opts.zeekPath,
      env: opts.env,
      keepTmp: opts.keepTmp,
      signal: opts.signal,
      onZeekExit: release,
    });
  } finally {
    release();
  }
  // A trace whose checksum cannot be taken is as unusable as one that cannot be decompressed.
  return preparing.then(() => result, failed);
}

function assemble(suite: Suite, results: RunResult[], prepared: Map<string, PreparedTrace | Error>, opts: Pick<RunSuitesOptions, 'selectTrace'>): SuiteRun {
  const warnings: string[] = [];
  const subjects: Subject[] = [];
  const failures = results.filter((r) => r.failure);
  const skippedTraces = suite.traces.filter((t) => !(opts.selectTrace?.(suite, t) ?? true)).map((t) => t.label);
  for (const trace of suite.traces) {
    const runs = results.filter((r) => r.trace.label === trace.label);
    const good = runs.filter((r) => !r.failure).sort((a, b) => a.repeat - b.repeat);
    const first = good[0];
    // A failed repeat poisons the trace: its timings would be a biased sample.
    if (!first || good.length !== runs.length) continue;
    for (const r of good) warnings.push(...r.warnings.map((w) => `${trace.label}: ${w}`));
    const differing = good.find((r) => !sameFootprints(r.dumps, first.dumps));
    if (differing) {
      warnings.push(
        `${trace.label}: footprints differ between repeat 1 and repeat ${differing.repeat}: something in the run is not deterministic (a script using the wall clock or random numbers?); repeat 1 is used`,
      );
    }
    const p = prepared.get(trace.path);
    subjects.push({
      name: trace.label,
      trace: trace.label,
      dumps: first.dumps,
      timing: timingSamples(good),
      trace_sha256: p instanceof Error ? undefined : p?.sha256,
      workload: trace.workload ? { group: trace.workload.group, size: trace.workload.spec.count, unit: trace.workload.unit } : undefined,
    });
  }
  return { suite, subjects, failures, warnings, skippedTraces };
}

function timingSamples(runs: RunResult[]): TimingSamples {
  const sample = (values: Array<number | undefined>) => {
    const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x));
    return v.length ? { median: median(v), values: v } : undefined;
  };
  return {
    wall: sample(runs.map((r) => r.wallSeconds)),
    // The slowest dump is the one that walks the most state; that is the one worth budgeting.
    footprint_call: sample(runs.map((r) => maxOf(r.dumps.map((d) => d.duration)))),
    peak_rss: sample(runs.map((r) => maxOf(r.dumps.map((d) => d.peakRss)))),
    // Current memory after the whole trace (the final dump, after zeek_done flushed connections), and its largest over the run.
    rss: sample(runs.map((r) => r.dumps[r.dumps.length - 1]?.rss)),
    rss_max: sample(runs.map((r) => maxOf(r.dumps.map((d) => d.rss)))),
  };
}

function maxOf(values: Array<number | undefined>): number | undefined {
  const v = values.filter((x): x is number => x !== undefined);
  return v.length ? Math.max(...v) : undefined;
}

function sameFootprints(a: Dump[], b: Dump[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((d, i) => {
    const o = b[i];
    if (!o || o.footprints.size !== d.footprints.size) return false;
    for (const [k, v] of d.footprints) if (o.footprints.get(k) !== v) return false;
    return true;
  });
}
