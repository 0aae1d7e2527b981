import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { TraceStore } from '../../harness/runner/trace-store.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

test('gzip traces are decompressed once, keep their inner extension, and are checksummed by content', async () => {
  const dir = tmp();
  const content = Buffer.from('pretend pcapng bytes '.repeat(1000));
  const gz = path.join(dir, 'trace.pcapng.gz');
  writeFileSync(gz, gzipSync(content));
  const store = new TraceStore(dir);
  const ref = { label: 'trace', path: gz, compressed: true };
  const [a, b] = await Promise.all([store.prepare(ref), store.prepare(ref)]);
  expect(a).toBe(b);
  expect(a.path.endsWith('trace.pcapng')).toBe(true);
  expect(readFileSync(a.path)).toEqual(content);
  expect(a.sha256).toBe(createHash('sha256').update(content).digest('hex'));
  expect(a.bytes).toBe(content.length);
});

test('plain traces are read in place', async () => {
  const file = path.join(tmp(), 'x.pcap');
  writeFileSync(file, 'abc');
  const p = await new TraceStore(tmp()).prepare({ label: 'x', path: file, compressed: false });
  expect(p.path).toBe(file);
  expect(p.sha256).toBe(createHash('sha256').update('abc').digest('hex'));
});

test('a corrupt gzip is an environment error naming the trace', async () => {
  const file = path.join(tmp(), 'bad.pcap.gz');
  writeFileSync(file, Buffer.concat([gzipSync(Buffer.from('x'.repeat(100))).subarray(0, 15), Buffer.from('garbage')]));
  await expect(new TraceStore(tmp()).prepare({ label: 'bad', path: file, compressed: true })).rejects.toThrow(/cannot decompress trace .*bad\.pcap\.gz/);
});
