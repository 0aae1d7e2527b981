import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readPcapInfo } from '../../harness/pcap/pcap-info.js';
import { ensureWorkloadTrace, workloadKey, writeWorkloadPcap, type WorkloadKind, type WorkloadSpec } from '../../harness/workloads/index.js';
import { makeTempDir, removeDir, sha256File } from './trace-helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('determinism');
});
afterAll(() => removeDir(dir));

const KINDS: WorkloadKind[] = ['tcp-churn', 'dns', 'http', 'long-lived', 'scan', 'http-keepalive', 'http-half-duplex'];

test.each(KINDS)('%s: same spec gives the same bytes, another seed other bytes', async (kind) => {
  const spec: WorkloadSpec = { kind, count: 120, duration: 40, seed: 11 };
  const a = await writeWorkloadPcap(spec, path.join(dir, `${kind}-a.pcap`));
  const b = await writeWorkloadPcap(spec, path.join(dir, `${kind}-b.pcap`));
  const c = await writeWorkloadPcap({ ...spec, seed: 12 }, path.join(dir, `${kind}-c.pcap`));
  expect(a.sha256).toBe(await sha256File(path.join(dir, `${kind}-a.pcap`)));
  expect(b).toEqual(a);
  expect(c.sha256).not.toBe(a.sha256);
  const info = await readPcapInfo(path.join(dir, `${kind}-a.pcap`));
  expect(info).toMatchObject({ format: 'pcap', linktype: 1, packets: a.packets, bytes: a.bytes, firstTs: a.firstTs, lastTs: a.lastTs });
});

test('ensureWorkloadTrace generates once under the workload key, then reuses the file', async () => {
  const cache = path.join(dir, 'cache-once');
  const spec: WorkloadSpec = { kind: 'dns', count: 50, duration: 10, seed: 1 };
  const file = await ensureWorkloadTrace(spec, cache);
  expect(path.basename(file)).toBe(`${workloadKey(spec)}.pcap`);
  const first = await stat(file);
  const again = await ensureWorkloadTrace(spec, cache);
  expect(again).toBe(file);
  expect((await stat(again)).mtimeMs).toBe(first.mtimeMs);
  const direct = await writeWorkloadPcap(spec, path.join(dir, 'direct.pcap'));
  expect(await sha256File(file)).toBe(direct.sha256);
});

test('parallel ensureWorkloadTrace calls all get the complete trace and leave no temp files', async () => {
  const cache = path.join(dir, 'cache-parallel');
  const spec: WorkloadSpec = { kind: 'http', count: 300, duration: 30, seed: 4 };
  const files = await Promise.all([1, 2, 3, 4].map(() => ensureWorkloadTrace(spec, cache)));
  expect(new Set(files).size).toBe(1);
  expect(await readdir(cache)).toEqual([path.basename(files[0]!)]);
  expect((await readPcapInfo(files[0]!)).packets).toBe(3000);
});

test('a failed generation removes its temp file and leaves the final name alone', async () => {
  const cache = path.join(dir, 'cache-fail');
  const spec: WorkloadSpec = { kind: 'dns', count: 20, duration: 5, seed: 1 };
  // A non-empty directory squatting on the final name: the trace is written, but renaming it fails.
  const squatter = path.join(cache, `${workloadKey(spec)}.pcap`);
  await mkdir(path.join(squatter, 'inside'), { recursive: true });
  await expect(ensureWorkloadTrace(spec, cache)).rejects.toThrow();
  expect(await readdir(cache)).toEqual([path.basename(squatter)]);
  expect((await stat(squatter)).isDirectory()).toBe(true);
});

test('an invalid spec is refused before anything is created', async () => {
  const cache = path.join(dir, 'cache-invalid');
  await expect(ensureWorkloadTrace({ kind: 'dns', count: 0, duration: 1, seed: 1 }, cache)).rejects.toThrow(/count/);
  await expect(readdir(cache)).rejects.toMatchObject({ code: 'ENOENT' });
});
