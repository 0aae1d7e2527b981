import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  findZeekPackageDir,
  PACKAGE_LOGS,
  packageArgs,
  packageVersion,
  SEED_FILE,
  ZEEK_PACKAGE_DIR,
  ZEEK_PACKAGE_SCRIPTS,
} from '../../harness/zeek-package.js';
import { PACKAGE, REPO } from './helpers/paths.js';
import { loggedRecords, readPackageSource } from './helpers/zeek-source.js';

describe('harness/zeek-package', () => {
  test('finds zeek-package/ from the source tree', () => {
    expect(ZEEK_PACKAGE_DIR).toBe(PACKAGE.replace(/\/$/, ''));
    expect(existsSync(join(ZEEK_PACKAGE_DIR, 'zkg.meta'))).toBe(true);
    expect(existsSync(join(ZEEK_PACKAGE_SCRIPTS, '__load__.zeek'))).toBe(true);
  });

  test('finds it from where the compiled module lives (dist/harness) and from deeper directories', () => {
    expect(findZeekPackageDir(join(REPO, 'dist', 'harness'))).toBe(ZEEK_PACKAGE_DIR);
    expect(findZeekPackageDir(join(REPO, 'harness', 'cli', 'commands'))).toBe(ZEEK_PACKAGE_DIR);
  });

  test('says what to do when there is no zeek-package/ above', () => {
    expect(() => findZeekPackageDir('/')).toThrow(/no zeek-package\/zkg\.meta in \/ or any directory above it/);
  });

  test('the seed file holds the 21 numbers zeek -G needs', () => {
    const numbers = readFileSync(SEED_FILE, 'utf8').trim().split('\n');
    expect(numbers).toHaveLength(21);
    for (const n of numbers) expect(Number(n)).toBeLessThan(2 ** 32);
  });

  test('PACKAGE_LOGS names the paths of the streams the package creates', () => {
    const paths = loggedRecords(readPackageSource(join(ZEEK_PACKAGE_SCRIPTS, 'main.zeek'))).map((r) => r.path);
    // Creation order: my_stats, then my_stats_conns (only with conn_footprints=T), then my_stats_runs.
    expect(paths).toEqual([PACKAGE_LOGS.footprints, PACKAGE_LOGS.conns, PACKAGE_LOGS.dumps]);
  });

  test('packageVersion() reads zkg.meta', () => {
    const meta = readFileSync(join(ZEEK_PACKAGE_DIR, 'zkg.meta'), 'utf8');
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(meta).toContain(`version = ${packageVersion()}`);
  });

  test('packageArgs() loads the scripts and logs every variable unless told otherwise', () => {
    expect(packageArgs()).toEqual([ZEEK_PACKAGE_SCRIPTS, 'my_stats::min_var_size_to_log=0']);
  });

  test('packageArgs() writes options as Zeek literals (as the recordings used: run_interval=10sec)', () => {
    expect(packageArgs({ runInterval: 10, firstDelay: 0.5, minVarSizeToLog: 1024, dumpAtZeekDone: false })).toEqual([
      ZEEK_PACKAGE_SCRIPTS,
      'my_stats::min_var_size_to_log=1024',
      'my_stats::run_interval=10sec',
      'my_stats::first_delay=0.5sec',
      'my_stats::dump_at_zeek_done=F',
    ]);
    expect(packageArgs({ connFootprints: false }).slice(2)).toEqual(['my_stats::conn_footprints=F']);
    expect(packageArgs({ connFootprints: true }).slice(2)).toEqual(['my_stats::conn_footprints=T']);
    expect(packageArgs({ runInterval: 0, firstDelay: 600 }).slice(2)).toEqual([
      'my_stats::run_interval=0sec',
      'my_stats::first_delay=600sec',
    ]);
    expect(packageArgs({ runInterval: 0.000001 })[2]).toBe('my_stats::run_interval=0.000001sec');
  });

  test('packageArgs() refuses values Zeek would not take', () => {
    expect(() => packageArgs({ runInterval: -1 })).toThrow(/runInterval must be a number of seconds >= 0/);
    expect(() => packageArgs({ firstDelay: Number.NaN })).toThrow(/firstDelay/);
    expect(() => packageArgs({ minVarSizeToLog: 1.5 })).toThrow(/minVarSizeToLog must be a whole number/);
  });
});
