// Where the footprint-logging Zeek package lives and how to load it on zeek's
// command line. The package is zeek-package/ at the root of zeek-budget: of the
// repository, or of the npm package (node_modules/zeek-budget/zeek-package,
// `files` in package.json ships it). This module is found as
// harness/zeek-package.ts (ts-jest) and as dist/harness/zeek-package.js
// (compiled, also when installed), so it looks upwards for it - and stops at
// zeek-budget's own package.json, so that an install without it can never pick
// up another zeek-package/ further up (the user's own tree).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR_NAME = 'zeek-package';

/** The closest directory at or above `fromDir` that holds zeek-package/zkg.meta, as zeek-package's path. */
export function findZeekPackageDir(fromDir: string): string {
  let dir = resolve(fromDir);
  for (;;) {
    const candidate = join(dir, PACKAGE_DIR_NAME);
    if (existsSync(join(candidate, 'zkg.meta'))) return candidate;
    if (isZeekBudgetRoot(dir)) {
      throw new Error(`${dir} is zeek-budget but has no ${PACKAGE_DIR_NAME}/zkg.meta: a broken install; reinstall zeek-budget`);
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `no ${PACKAGE_DIR_NAME}/zkg.meta in ${fromDir} or any directory above it: ` +
          'run zeek-budget from its source tree or a package that ships zeek-package/',
      );
    }
    dir = parent;
  }
}

function isZeekBudgetRoot(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'zeek-budget';
  } catch {
    return false;
  }
}

export const ZEEK_PACKAGE_DIR: string = findZeekPackageDir(dirname(fileURLToPath(import.meta.url)));

/** The package's script directory: loading a directory loads its __load__.zeek. */
export const ZEEK_PACKAGE_SCRIPTS: string = join(ZEEK_PACKAGE_DIR, 'scripts');

/** Zeek's random seeds (21 numbers), passed with -G so that runs are repeatable. */
export const SEED_FILE: string = join(ZEEK_PACKAGE_DIR, 'testing', 'random.seed');

/** The `path` of the package's logs: my_stats.log, my_stats_runs.log and (conn footprints on) my_stats_conns.log. */
export const PACKAGE_LOGS = { footprints: 'my_stats', dumps: 'my_stats_runs', conns: 'my_stats_conns' } as const;

export interface PackageOptions {
  /** my_stats::run_interval, in seconds of network time; 0 turns periodic dumps off. Package default 60. */
  runInterval?: number;
  /** my_stats::first_delay, in seconds after the first packet. Package default 0. */
  firstDelay?: number;
  /** my_stats::min_var_size_to_log. The harness default is 0 (every variable); the package's own is 1024. */
  minVarSizeToLog?: number;
  /** my_stats::dump_at_zeek_done. Package default true. */
  dumpAtZeekDone?: boolean;
  /** my_stats::conn_footprints: measure connection records into my_stats_conns.log. Package default true. */
  connFootprints?: boolean;
}

// A Zeek interval literal in seconds, e.g. "10sec", "0.5sec": no exponent,
// at most microsecond precision.
function intervalLiteral(name: string, seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`${name} must be a number of seconds >= 0, got ${seconds}`);
  }
  const text = seconds.toFixed(6).replace(/\.?0+$/, '');
  return `${text === '' ? '0' : text}sec`;
}

function countLiteral(name: string, value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
  }
  return String(value);
}

/** zeek arguments that load the package with these options: [scripts dir, 'my_stats::x=value', ...]. */
export function packageArgs(options: PackageOptions = {}): string[] {
  const args = [ZEEK_PACKAGE_SCRIPTS, `my_stats::min_var_size_to_log=${countLiteral('minVarSizeToLog', options.minVarSizeToLog ?? 0)}`];
  if (options.runInterval !== undefined) {
    args.push(`my_stats::run_interval=${intervalLiteral('runInterval', options.runInterval)}`);
  }
  if (options.firstDelay !== undefined) {
    args.push(`my_stats::first_delay=${intervalLiteral('firstDelay', options.firstDelay)}`);
  }
  if (options.dumpAtZeekDone !== undefined) {
    args.push(`my_stats::dump_at_zeek_done=${options.dumpAtZeekDone ? 'T' : 'F'}`);
  }
  if (options.connFootprints !== undefined) {
    args.push(`my_stats::conn_footprints=${options.connFootprints ? 'T' : 'F'}`);
  }
  return args;
}

/** The package's version, from the `version` field of zeek-package/zkg.meta. */
export function packageVersion(): string {
  const meta = readFileSync(join(ZEEK_PACKAGE_DIR, 'zkg.meta'), 'utf8');
  const match = /^version\s*=\s*(\S+)\s*$/m.exec(meta);
  if (!match?.[1]) throw new Error(`${join(ZEEK_PACKAGE_DIR, 'zkg.meta')} has no "version = ..." line`);
  return match[1];
}
