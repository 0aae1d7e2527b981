import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { readBaseline } from './baseline-file.js';
import type { Baseline } from './types.js';
import { buildBaselineFile, buildBaselinesIn, buildKey, buildLabel, zeekSeries, type ZeekBuild, type ZeekFlavour } from './zeek-build.js';

/** Which baseline a run is compared with, and where its update goes. */
export interface BaselineChoice {
  /** This Zeek build's baseline file: read, and written by --update. */
  file: string;
  /** What the run is compared with; undefined: no baseline for this build yet. */
  baseline: Baseline | undefined;
  /** Set when `baseline` came from the suite's single-version file (the layout before per-build files); --update moves it to `file`. */
  legacy?: string;
  /** The build, for people: `Zeek 8.2 (no Spicy)`; undefined when the Zeek is not known (logs). */
  label?: string;
  /** Baselines of other builds beside it, never compared with this run: `Zeek 7.0 in x.zeek-7.0.baseline.yaml`. */
  others: string[];
}

/**
 * One baseline per Zeek series and build flavour (zeek-build.ts). The run's own build's file wins;
 * without it, the suite's single-version file is read as the baseline of the version it records;
 * any other build's numbers are never used. Without a known Zeek version (budgets over existing
 * logs), the suite's single file is used as it always was.
 */
export async function chooseBaseline(suiteBaselineFile: string, build: ZeekBuild | undefined): Promise<BaselineChoice> {
  const file = build ? buildBaselineFile(suiteBaselineFile, build) : undefined;
  if (!build || !file) return { file: suiteBaselineFile, baseline: await readBaseline(suiteBaselineFile), others: [] };
  const label = buildLabel(build);
  const own = await readBaseline(file);
  if (own) checkRecordedBuild(own, file, build);
  const single = await readBaseline(suiteBaselineFile);
  const singleFits = single !== undefined && sameBuild(single, build);
  const others = (await siblings(suiteBaselineFile)).filter((o) => o.file !== file).map((o) => `${o.label} in ${path.basename(o.file)}`);
  if (single && !(singleFits && !own))
    others.push(`Zeek ${single.zeek_version}${single.zeek_build === 'no-spicy' ? ' (no Spicy)' : ''} in ${path.basename(suiteBaselineFile)}`);
  if (own) return { file, baseline: own, label, others };
  // A symlinked single file is where the user wants the baseline kept: it stays that build's file.
  // (Gone since it was read: a concurrent update moved it; the write under the lock sees that.)
  const linked =
    singleFits &&
    (await lstat(suiteBaselineFile).then(
      (st) => st.isSymbolicLink(),
      () => false,
    ));
  if (linked) return { file: suiteBaselineFile, baseline: single, label, others };
  if (singleFits) return { file, baseline: single, legacy: suiteBaselineFile, label, others };
  return { file, baseline: undefined, label, others };
}

function sameFlavour(recorded: ZeekFlavour | undefined, running: ZeekFlavour | undefined): boolean {
  // A build that was not recorded (an older baseline) or cannot be asked matches either flavour.
  return recorded === undefined || running === undefined || recorded === running;
}

function sameBuild(b: Baseline, build: ZeekBuild): boolean {
  const series = zeekSeries(b.zeek_version);
  return series !== undefined && series === zeekSeries(build.version) && sameFlavour(b.zeek_build, build.flavour);
}

/** A per-build file whose header names another build was renamed or edited by hand: never compare with it. */
function checkRecordedBuild(b: Baseline, file: string, build: ZeekBuild): void {
  const recorded: ZeekBuild = { version: b.zeek_version, flavour: b.zeek_build };
  if (buildKey(recorded) === buildKey(build) && sameFlavour(b.zeek_build, build.flavour)) return;
  throw new ConfigError(
    `this baseline records ${buildLabel(recorded)} (zeek_version ${b.zeek_version}${b.zeek_build ? `, zeek_build ${b.zeek_build}` : ''}) but its name is for ${buildLabel(build)}: ` +
      'it was renamed or edited by hand. Restore it from git, or delete it and record it with --update under that Zeek.',
    { file, field: 'zeek_version' },
  );
}

async function siblings(suiteBaselineFile: string): Promise<Array<{ file: string; label: string }>> {
  const names = await readdir(path.dirname(suiteBaselineFile)).catch(() => [] as string[]);
  return buildBaselinesIn(suiteBaselineFile, names);
}
