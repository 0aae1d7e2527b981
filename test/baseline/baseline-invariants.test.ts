// What a committed baseline must be, beyond its schema: one value per dump for every variable,
// UTF-8, and when it is a symlink, updated where it points.
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readBaseline, renderBaseline, writeBaselineAtomic } from '../../harness/baseline/baseline-file.js';
import type { Baseline } from '../../harness/baseline/types.js';
import { updatedBaseline } from '../../harness/baseline/update-baseline.js';
import { ConfigError } from '../../harness/errors.js';
import type { Subject } from '../../harness/measure/types.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

const sample: Baseline = {
  suite: 'demo',
  zeek_version: '8.2.2',
  package_version: '0.1.0',
  subjects: { 'a.pcap': { dumps: 3, timing: {}, variables: { 'A::x': [1, 2, 3], 'B::y': [4, 5, 6] } } },
};

async function readError(file: string): Promise<ConfigError> {
  const e = await readBaseline(file).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ConfigError);
  return e as ConfigError;
}

test('a variable whose list disagrees with dumps is a damaged baseline (exit 2), at its line', async () => {
  const file = path.join(tmp(), 'demo.baseline.yaml');
  const text = renderBaseline(sample, 'demo.yaml');
  writeFileSync(file, text.replace('B::y: [ 4, 5, 6 ]', 'B::y: [ 4, 5 ]'));
  const line = text.split('\n').findIndex((l) => l.includes('B::y')) + 1;
  const e = await readError(file);
  expect(e.exitCode).toBe(2);
  expect(e.message).toMatch(
    new RegExp(
      `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${line}:13 subjects\\.a\\.pcap\\.variables\\.B::y: baseline is damaged \\(2 value\\(s\\) but dumps is 3: one value per dump\\): restore it from git`,
    ),
  );
  writeFileSync(file, text.replace('dumps: 3', 'dumps: 4'));
  expect((await readError(file)).message).toMatch(/variables\.A::x: baseline is damaged \(3 value\(s\) but dumps is 4/);
});

test('--update=new does not add a variable whose run had another number of dumps (it could not be lined up)', () => {
  const subject: Subject = {
    name: 'a.pcap',
    trace: 'a.pcap',
    dumps: [1, 2].map((ts) => ({ run: ts, node: '', ts, footprints: new Map([['C::new', ts]]) })),
    timing: {},
  };
  const next = updatedBaseline(sample, { suite: 'demo', zeekVersion: '8.2.2', packageVersion: '0.1.0', subjects: [subject] }, 'new');
  expect(next.subjects['a.pcap']).toEqual(sample.subjects['a.pcap']);
  const same = { ...subject, dumps: [1, 2, 3].map((ts) => ({ run: ts, node: '', ts, footprints: new Map([['C::new', ts]]) })) };
  expect(
    updatedBaseline(sample, { suite: 'demo', zeekVersion: '8.2.2', packageVersion: '0.1.0', subjects: [same] }, 'new').subjects['a.pcap']?.variables['C::new'],
  ).toEqual([1, 2, 3]);
});

test('a baseline in UTF-16, or in Latin-1, is named as such; a UTF-8 byte-order mark is fine', async () => {
  const file = path.join(tmp(), 'demo.baseline.yaml');
  const text = renderBaseline(sample, 'demo.yaml');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  expect((await readError(file)).message).toMatch(
    /demo\.baseline\.yaml:1:1: baseline is UTF-16 \(little-endian\) encoded \(it starts with that byte-order mark\); zeek-budget reads UTF-8/,
  );
  writeFileSync(file, Buffer.from(text, 'utf16le'));
  expect((await readError(file)).message).toMatch(/baseline looks UTF-16 \(little-endian\) encoded \(every other byte is NUL\)/);
  writeFileSync(file, Buffer.from(text.replace('suite: demo', 'suite: d\u00e9mo'), 'latin1'));
  expect((await readError(file)).message).toMatch(
    /demo\.baseline\.yaml:5:9: baseline is not UTF-8: byte 0xE9 here does not start or continue a UTF-8 character/,
  );
  writeFileSync(file, `\ufeff${text}`);
  expect(await readBaseline(file)).toEqual(sample);
});

test('a symlinked baseline is updated through the link: the link stays, its target gets the text', async () => {
  const shared = path.join(tmp(), 'shared');
  mkdirSync(shared);
  const target = path.join(shared, 'demo.baseline.yaml');
  writeFileSync(target, 'old\n');
  const link = path.join(tmp(), 'demo.baseline.yaml');
  symlinkSync(path.join('shared', 'demo.baseline.yaml'), link);
  await writeBaselineAtomic(link, 'new\n');
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
  expect(readlinkSync(link)).toBe(path.join('shared', 'demo.baseline.yaml'));
  expect(readFileSync(target, 'utf8')).toBe('new\n');
  // A dangling link: its target is created.
  const dangling = path.join(tmp(), 'other.baseline.yaml');
  symlinkSync(path.join(shared, 'other.baseline.yaml'), dangling);
  await writeBaselineAtomic(dangling, 'first\n');
  expect(readFileSync(path.join(shared, 'other.baseline.yaml'), 'utf8')).toBe('first\n');
  expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
});

test('a connection field whose list disagrees with dumps is damaged too', async () => {
  const file = path.join(tmp(), 'demo.baseline.yaml');
  const withConns: Baseline = { ...sample, subjects: { 'a.pcap': { ...sample.subjects['a.pcap']!, connections: { http: [1, 2, 3] } } } };
  const text = renderBaseline(withConns, 'demo.yaml');
  writeFileSync(file, text);
  expect(await readBaseline(file)).toEqual(withConns);
  writeFileSync(file, text.replace(/http: \[ 1, 2, 3 \]/, 'http: [ 1, 2 ]'));
  expect((await readError(file)).message).toMatch(
    /subjects\.a\.pcap\.connections\.http: baseline is damaged \(2 value\(s\) but dumps is 3: one value per dump\)/,
  );
});
