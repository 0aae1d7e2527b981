import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readBaseline, renderBaseline } from '../../harness/baseline/baseline-file.js';
import { chooseBaseline } from '../../harness/baseline/select-baseline.js';
import { buildBaselineFile, buildBaselinesIn, buildKey, buildLabel, zeekSeries } from '../../harness/baseline/zeek-build.js';
import { loadSuite } from '../../harness/suite/load-suite.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

test('a Zeek series is major.minor; development and release-candidate builds are series of their own', () => {
  expect(zeekSeries('8.2.2')).toBe('8.2');
  expect(zeekSeries('7.0')).toBe('7.0');
  expect(zeekSeries('8.1.0-dev.57')).toBe('8.1-dev');
  expect(zeekSeries('8.2.0-rc1')).toBe('8.2-rc');
  expect(zeekSeries('unknown')).toBeUndefined();
  expect(buildKey({ version: '8.2.2', flavour: 'spicy' })).toBe('zeek-8.2');
  expect(buildKey({ version: '8.2.2' })).toBe('zeek-8.2');
  expect(buildKey({ version: '8.2.2', flavour: 'no-spicy' })).toBe('zeek-8.2-no-spicy');
  expect(buildLabel({ version: '7.0.5', flavour: 'no-spicy' })).toBe('Zeek 7.0 (no Spicy)');
});

test("per-build files sit beside the suite's baseline file, and are found again by name", () => {
  expect(buildBaselineFile('/s/baselines/x.baseline.yaml', { version: '8.2.2', flavour: 'no-spicy' })).toBe('/s/baselines/x.zeek-8.2-no-spicy.baseline.yaml');
  expect(buildBaselineFile('/s/custom.yml', { version: '7.0.1' })).toBe('/s/custom.zeek-7.0.yml');
  expect(buildBaselineFile('/s/x.baseline.yaml', { version: 'unknown' })).toBeUndefined();
  const names = [
    'x.baseline.yaml',
    'x.zeek-8.2.baseline.yaml',
    'x.zeek-7.0-no-spicy.baseline.yaml',
    'x.zeek-9.1-dev.baseline.yaml',
    'y.zeek-8.2.baseline.yaml',
    'x.zeek-junk.baseline.yaml',
  ];
  expect(buildBaselinesIn('/s/x.baseline.yaml', names).map((b) => b.label)).toEqual(['Zeek 7.0 (no Spicy)', 'Zeek 8.2', 'Zeek 9.1-dev']);
});

function writeBaseline(file: string, zeekVersion: string, build?: 'spicy' | 'no-spicy'): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    renderBaseline(
      {
        suite: 'x',
        zeek_version: zeekVersion,
        ...(build ? { zeek_build: build } : {}),
        package_version: '1.0.0',
        subjects: { t: { dumps: 1, timing: {}, variables: { 'A::a': [1] } } },
      },
      '/s/x.yaml',
    ),
  );
}

test("the running build's file wins; a single-version file is read as its version's; another build's numbers never", async () => {
  const single = path.join(tmp(), 'baselines', 'x.baseline.yaml');
  writeBaseline(single, '8.2.1');
  const same = await chooseBaseline(single, { version: '8.2.2', flavour: 'no-spicy' });
  expect(same).toMatchObject({
    file: path.join(tmp(), 'baselines', 'x.zeek-8.2-no-spicy.baseline.yaml'),
    legacy: single,
    label: 'Zeek 8.2 (no Spicy)',
    others: [],
  });
  expect(same.baseline?.zeek_version).toBe('8.2.1');
  const other = await chooseBaseline(single, { version: '7.0.5', flavour: 'spicy' });
  expect(other.baseline).toBeUndefined();
  expect(other.others).toEqual(['Zeek 8.2.1 in x.baseline.yaml']);
  writeBaseline(path.join(tmp(), 'baselines', 'x.zeek-7.0.baseline.yaml'), '7.0.4', 'spicy');
  expect((await chooseBaseline(single, { version: '7.0.5', flavour: 'spicy' })).baseline?.zeek_version).toBe('7.0.4');
  // The same series built without Spicy is another build.
  const noSpicy = await chooseBaseline(single, { version: '7.0.5', flavour: 'no-spicy' });
  expect(noSpicy.baseline).toBeUndefined();
  expect(noSpicy.others).toEqual(['Zeek 7.0 in x.zeek-7.0.baseline.yaml', 'Zeek 8.2.1 in x.baseline.yaml']);
});

test('a per-build file whose header names another build (renamed by hand) is refused, naming it', async () => {
  const single = path.join(tmp(), 'x.baseline.yaml');
  writeBaseline(path.join(tmp(), 'x.zeek-8.2.baseline.yaml'), '7.0.5', 'spicy');
  await expect(chooseBaseline(single, { version: '8.2.2', flavour: 'spicy' })).rejects.toThrow(
    /x\.zeek-8\.2\.baseline\.yaml zeek_version: this baseline records Zeek 7\.0 .* but its name is for Zeek 8\.2: it was renamed or edited by hand/,
  );
});

test('without a known Zeek (budgets over logs) the suite keeps its one baseline file', async () => {
  const single = path.join(tmp(), 'x.baseline.yaml');
  writeBaseline(single, 'unknown');
  const c = await chooseBaseline(single, undefined);
  expect(c.file).toBe(single);
  expect(c.baseline?.zeek_version).toBe('unknown');
});

// The project's own baseline is the one a real Zeek 8.2.2 (built without Spicy) recorded
// (shared/zeek-reference/project-baseline/), converted to the per-build layout: only the file
// name and the zeek_build line differ. No number may be made up.
const PROJECT = path.resolve('suites', 'baselines', 'project.zeek-8.2-no-spicy.baseline.yaml');
const RECORDED = path.resolve('..', 'shared', 'zeek-reference', 'project-baseline', 'project.baseline.yaml');

test("the committed project baseline is the real Zeek's, in the per-build layout, in canonical form", async () => {
  const text = readFileSync(PROJECT, 'utf8');
  const b = await readBaseline(PROJECT);
  expect(b).toMatchObject({ suite: 'project', zeek_version: '8.2.2', zeek_build: 'no-spicy' });
  expect(renderBaseline(b!, 'project.yaml')).toBe(text);
  const suite = await loadSuite('suites/project.yaml');
  expect(buildBaselineFile(suite.baselineFile, { version: '8.2.2', flavour: 'no-spicy' })).toBe(PROJECT);
  expect(Object.keys(b!.subjects).sort()).toEqual(suite.traces.map((t) => t.label).sort());
  if (!existsSync(RECORDED)) return;
  const recorded = await readBaseline(RECORDED);
  expect({ ...b, zeek_build: undefined }).toEqual({ ...recorded, zeek_build: undefined });
  expect(text.replace('zeek_build: no-spicy\n', '')).toBe(readFileSync(RECORDED, 'utf8'));
});
