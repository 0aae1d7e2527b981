// The YAML library's own words never reach the user: no advice about its API, no warning printed
// on stderr behind our back. And durations that cannot work (a zero timeout) are suite errors.
import { jest } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readBaseline } from '../../harness/baseline/baseline-file.js';
import { ConfigError } from '../../harness/errors.js';
import { loadSuite } from '../../harness/suite/load-suite.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

async function suiteError(yaml: string): Promise<string> {
  mkdirSync(path.join(tmp(), 'traces'), { recursive: true });
  writeFileSync(path.join(tmp(), 'traces', 'a.pcap'), 'x');
  const file = path.join(tmp(), 'suite.yaml');
  writeFileSync(file, yaml);
  const e = await loadSuite(file).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ConfigError);
  return (e as ConfigError).message;
}

test('two YAML documents in one suite: our words, with the place of the second', async () => {
  const message = await suiteError('traces: [traces/a.pcap]\n---\nrepeat: 2\n');
  expect(message).toMatch(/suite\.yaml:2:1: invalid YAML: a suite is one YAML document, but a second one starts here \(after "---"\)/);
  expect(message).not.toMatch(/parseAllDocuments|YAML\./);
});

test('a key that is a list or a map is refused at its place, and nothing is printed to stderr', async () => {
  const warnings: unknown[] = [];
  const onWarning = (w: unknown) => warnings.push(w);
  process.on('warning', onWarning);
  const emit = jest.spyOn(process, 'emitWarning');
  try {
    expect(await suiteError('traces: [traces/a.pcap]\n? [a, b]\n: 1\n')).toMatch(/suite\.yaml:2:3: invalid YAML: a key that is a list or a map/);
    expect(await suiteError('traces: [traces/a.pcap]\nzeek: { env: { {x: 1}: y } }\n')).toMatch(
      /suite\.yaml:2:16: invalid YAML: a key that is a list or a map/,
    );
    const baseline = path.join(tmp(), 'b.baseline.yaml');
    writeFileSync(baseline, 'suite: b\n? [x]\n: 1\n');
    await expect(readBaseline(baseline)).rejects.toThrow(/b\.baseline\.yaml:2:3: baseline is not valid YAML \(a key that is a list or a map/);
    writeFileSync(baseline, 'suite: b\n---\nsuite: c\n');
    await expect(readBaseline(baseline)).rejects.toThrow(/baseline is not valid YAML \(a baseline is one YAML document, but a second one starts here/);
    expect(emit).not.toHaveBeenCalled();
  } finally {
    emit.mockRestore();
    process.off('warning', onWarning);
  }
  expect(warnings).toEqual([]);
});

test.each([
  ['timeout: 0s', /suite\.yaml:2:10 timeout: must be more than 0 \("0s" would kill every zeek run at once\)/],
  ['timeout: 0', /timeout: must be more than 0 \(0 would kill every zeek run at once\)/],
  ['zeek: { interval: 0ms }', /zeek\.interval: must be more than 0 \("0ms" would make zeek dump without pause\)/],
])('%s is a suite error', async (line, expected) => {
  expect(await suiteError(`traces: [traces/a.pcap]\n${line}\n`)).toMatch(expected);
});

test('a zeekctl source whose timeout is 0 is a suite error', async () => {
  expect(await suiteError('source: { zeekctl: { dumps: 2, timeout: 0s } }\n')).toMatch(
    /source\.zeekctl\.timeout: must be more than 0 \("0s" would give up on the dumps at once\)/,
  );
});
