/**
 * The traces committed in pcaps/ must be exactly what the generator makes today: regenerate them and
 * compare bytes. If this fails after a deliberate generator change, bump GENERATOR_VERSION, run
 * `npm run build && node dist/scripts/make-pcaps.js` and commit pcaps/.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readPcapInfo } from '../../harness/pcap/pcap-info.js';
import { CHECKSUM_FILE, PROJECT_TRACES, writeProjectTraces } from '../../harness/workloads/project-traces.js';
import { makeTempDir, removeDir, sha256File } from './trace-helpers.js';

const COMMITTED = path.resolve(process.cwd(), 'pcaps');
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('project-traces');
});
afterAll(() => removeDir(dir));

test('regenerating pcaps/ gives byte-identical files', async () => {
  const written = await writeProjectTraces(dir);
  for (const t of written) {
    expect({ file: t.file, sha256: await sha256File(path.join(COMMITTED, t.file)) }).toEqual({ file: t.file, sha256: t.result.sha256 });
  }
  expect(await readFile(path.join(COMMITTED, CHECKSUM_FILE), 'utf8')).toBe(await readFile(path.join(dir, CHECKSUM_FILE), 'utf8'));
});

test('the committed traces are small and span enough trace time for several 30 s dumps', async () => {
  let total = 0;
  for (const t of PROJECT_TRACES) {
    const info = await readPcapInfo(path.join(COMMITTED, t.file));
    total += info.bytes;
    expect(info.bytes).toBeLessThan(512 * 1024);
    expect(info.lastTs - info.firstTs).toBeGreaterThanOrEqual(59);
    expect(info.lastTs - info.firstTs).toBeLessThanOrEqual(121);
  }
  expect(total).toBeLessThan(3 * 1024 * 1024);
});
