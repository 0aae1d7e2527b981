// A suite saved in another encoding than UTF-8 is named as such, with the place, instead of
// reaching the YAML parser as NUL-riddled or mangled text.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../harness/errors.js';
import { loadSuite } from '../../harness/suite/load-suite.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();
const TEXT = 'name: demo\ndescription: caf\u00e9 traffic\nsource: { logs: { paths: [logs] } }\n';

async function error(bytes: Buffer): Promise<string> {
  const file = path.join(tmp(), 'suite.yaml');
  writeFileSync(file, bytes);
  const e = await loadSuite(file).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ConfigError);
  return (e as ConfigError).message;
}

test.each([
  [
    'UTF-16 with its byte-order mark',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]),
    /suite\.yaml:1:1: suite is UTF-16 \(little-endian\) encoded \(it starts with that byte-order mark\); zeek-budget reads UTF-8: save it as UTF-8/,
  ],
  [
    'UTF-16 big-endian with its mark',
    Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()]),
    /suite is UTF-16 \(big-endian\) encoded/,
  ],
  ['UTF-16 without a mark', Buffer.from(TEXT, 'utf16le'), /suite looks UTF-16 \(little-endian\) encoded \(every other byte is NUL\)/],
  [
    'Latin-1',
    Buffer.from(TEXT, 'latin1'),
    /suite\.yaml:2:17: suite is not UTF-8: byte 0xE9 here does not start or continue a UTF-8 character \(Latin-1 or Windows-1252\?\)/,
  ],
])('%s', async (_name, bytes, expected) => {
  expect(await error(bytes)).toMatch(expected);
});

test('UTF-8 with a byte-order mark (YAML allows one) loads', async () => {
  const file = path.join(tmp(), 'suite.yaml');
  writeFileSync(file, `\ufeff${TEXT}`);
  expect((await loadSuite(file)).description).toBe('caf\u00e9 traffic');
});
