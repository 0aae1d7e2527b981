import { connectionSeries } from '../measure/connection-series.js';
import type { Subject } from '../measure/types.js';
import type { Baseline, BaselineSubject } from './types.js';
import type { ZeekFlavour } from './zeek-build.js';

export type UpdateMode = 'all' | 'new';

export interface BaselineSource {
  suite: string;
  zeekVersion: string;
  /** The running Zeek's build flavour, recorded in the header; undefined when not known. */
  zeekBuild?: ZeekFlavour;
  packageVersion: string;
  subjects: Subject[];
  /** Subjects the suite still has; with `all`, entries of any other (a removed trace) are dropped. */
  known?: Set<string>;
}

export function subjectBaseline(s: Subject): BaselineSubject {
  const names = new Set<string>();
  for (const d of s.dumps) for (const v of d.footprints.keys()) names.add(v);
  const variables: Record<string, number[]> = {};
  for (const v of names) variables[v] = s.dumps.map((d) => d.footprints.get(v) ?? 0);
  const connections = connectionSeries(s.dumps);
  return {
    sha256: s.trace_sha256,
    dumps: s.dumps.length,
    timing: {
      footprint_call: round(s.timing.footprint_call?.median, 6),
      wall: round(s.timing.wall?.median, 3),
      peak_rss: s.timing.peak_rss?.median,
      rss: round(s.timing.rss?.median, 0),
      rss_max: round(s.timing.rss_max?.median, 0),
    },
    variables,
    ...(connections ? { connections: Object.fromEntries(connections) } : {}),
  };
}

/**
 * The baseline after an update. `all` replaces every subject that ran (subjects that did not run,
 * filtered out or failed, keep their old entry); `new` only adds subjects and variables that are
 * missing, leaving every recorded value alone.
 */
export function updatedBaseline(old: Baseline | undefined, src: BaselineSource, mode: UpdateMode): Baseline {
  const subjects: Record<string, BaselineSubject> = { ...(old?.subjects ?? {}) };
  for (const s of src.subjects) {
    const fresh = subjectBaseline(s);
    const prev = subjects[s.name];
    if (mode === 'all' || !prev) {
      subjects[s.name] = prev ? { ...fresh, timing: steadyTiming(prev.timing, fresh.timing) } : fresh;
      continue;
    }
    const variables = { ...prev.variables };
    // A new list must have one value per recorded dump; when the run had another number of dumps
    // it cannot be lined up, so it waits for a full --update (it is compared with 0 until then).
    const alignable = fresh.dumps === prev.dumps;
    if (alignable) {
      for (const [v, series] of Object.entries(fresh.variables)) if (!(v in variables)) variables[v] = series;
    }
    const freshConnections = alignable ? fresh.connections : undefined;
    const connections = freshConnections || prev.connections ? { ...freshConnections, ...prev.connections } : undefined;
    subjects[s.name] = { ...prev, timing: { ...fresh.timing, ...stripUndefined(prev.timing) }, variables, ...(connections ? { connections } : {}) };
  }
  if (mode === 'all' && src.known) {
    for (const name of Object.keys(subjects)) if (!src.known.has(name)) delete subjects[name];
  }
  const keepVersions = mode === 'new' && old;
  const zeekBuild = keepVersions ? (old.zeek_build ?? src.zeekBuild) : src.zeekBuild;
  return {
    suite: src.suite,
    zeek_version: keepVersions ? old.zeek_version : src.zeekVersion,
    ...(zeekBuild ? { zeek_build: zeekBuild } : {}),
    package_version: keepVersions ? old.package_version : src.packageVersion,
    subjects,
  };
}

/** Timing medians move on every run (more so on a loaded machine); within this fraction the recorded one is kept. */
export const TIMING_KEEP_FRACTION = 0.2;

/**
 * Keeps recorded timings that the new medians confirm (within 20%), so re-running --update does not
 * churn the baseline with noise; a real change in timing is still written.
 */
function steadyTiming(old: BaselineSubject['timing'], fresh: BaselineSubject['timing']): BaselineSubject['timing'] {
  const keep = (o: number | undefined, n: number | undefined) =>
    o !== undefined && n !== undefined && Math.abs(n - o) <= TIMING_KEEP_FRACTION * Math.abs(o) ? o : n;
  return {
    footprint_call: keep(old.footprint_call, fresh.footprint_call),
    wall: keep(old.wall, fresh.wall),
    peak_rss: keep(old.peak_rss, fresh.peak_rss),
    rss: keep(old.rss, fresh.rss),
    rss_max: keep(old.rss_max, fresh.rss_max),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function round(v: number | undefined, digits: number): number | undefined {
  return v === undefined ? undefined : Number(v.toFixed(digits));
}
