import path from 'node:path';

/**
 * Which Zeek a baseline belongs to. Footprints are exact for one Zeek build, and they move
 * between versions (7.0 changed how strings count) and between builds of one version (a build
 * without Spicy has no LDAP::*, QUIC::*, PostgreSQL::*, Redis::* globals). So a suite keeps one
 * baseline per Zeek series (major.minor; a development build is a series of its own) and build
 * flavour, and a run is only ever compared with its own build's numbers.
 */
export const ZEEK_FLAVOURS = ['spicy', 'no-spicy'] as const;
export type ZeekFlavour = (typeof ZEEK_FLAVOURS)[number];

export interface ZeekBuild {
  /** As `zeek --version` prints it: `8.2.2`, `8.1.0-dev.57`. */
  version: string;
  /** Undefined when the build could not be asked (`zeek -N` failed, or the data came from logs). */
  flavour?: ZeekFlavour;
}

export function flavourOf(spicy: boolean | undefined): ZeekFlavour | undefined {
  return spicy === undefined ? undefined : spicy ? 'spicy' : 'no-spicy';
}

/**
 * `8.2.2` -> `8.2`; `8.1.0-dev.57` -> `8.1-dev` (nightly builds change daily: they never share
 * a baseline with the release); undefined for a version that is not one (`unknown`).
 */
export function zeekSeries(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?(-\S+)?$/.exec(version.trim());
  if (!m) return undefined;
  return `${m[1]}.${m[2]}${m[3] ? (/^-(dev|rc)/.exec(m[3])?.[0] ?? '-dev') : ''}`;
}

/**
 * The part of a baseline's file name that names its build: `zeek-8.2` for a stock build (with
 * Spicy, as the zeek/zeek images are) or one whose flavour is not known, `zeek-8.2-no-spicy`
 * for a build without Spicy. Undefined when the version is unknown.
 */
export function buildKey(build: ZeekBuild): string | undefined {
  const series = zeekSeries(build.version);
  if (!series) return undefined;
  return `zeek-${series}${build.flavour === 'no-spicy' ? '-no-spicy' : ''}`;
}

/** For people: `Zeek 8.2`, `Zeek 8.2 (no Spicy)`, `Zeek 8.1-dev`. */
export function buildLabel(build: ZeekBuild): string {
  const series = zeekSeries(build.version) ?? build.version;
  return `Zeek ${series}${build.flavour === 'no-spicy' ? ' (no Spicy)' : ''}`;
}

const BASELINE_SUFFIX = /\.baseline\.ya?ml$|\.ya?ml$/i;

/**
 * The file of one build's baseline, beside the suite's baseline file: `baselines/x.baseline.yaml`
 * -> `baselines/x.zeek-8.2.baseline.yaml`. Undefined when the version is unknown (logs do not
 * say which Zeek wrote them): such a run keeps the suite's single baseline file.
 */
export function buildBaselineFile(suiteBaselineFile: string, build: ZeekBuild): string | undefined {
  const key = buildKey(build);
  if (!key) return undefined;
  const base = path.basename(suiteBaselineFile);
  const m = BASELINE_SUFFIX.exec(base);
  const stem = m ? base.slice(0, m.index) : base;
  const suffix = m ? m[0] : '.baseline.yaml';
  return path.join(path.dirname(suiteBaselineFile), `${stem}.${key}${suffix}`);
}

/** The per-build baseline files of a suite's baseline file that exist in `names` (a directory listing), with their labels. */
export function buildBaselinesIn(suiteBaselineFile: string, names: string[]): Array<{ file: string; label: string }> {
  const base = path.basename(suiteBaselineFile);
  const m = BASELINE_SUFFIX.exec(base);
  const stem = m ? base.slice(0, m.index) : base;
  const suffix = m ? m[0] : '.baseline.yaml';
  const found: Array<{ file: string; label: string }> = [];
  for (const name of [...names].sort()) {
    if (!name.startsWith(`${stem}.zeek-`) || !name.endsWith(suffix)) continue;
    const key = name.slice(stem.length + '.zeek-'.length, name.length - suffix.length);
    const km = /^(\d+\.\d+(?:-(?:dev|rc))?)(-no-spicy)?$/.exec(key);
    if (!km?.[1]) continue;
    found.push({ file: path.join(path.dirname(suiteBaselineFile), name), label: `Zeek ${km[1]}${km[2] ? ' (no Spicy)' : ''}` });
  }
  return found;
}
