// openLogBytes inflates a small gzip archive in one call and streams a big one: both must give the
// same bytes, and fail alike, for what zeekctl and a killed Zeek leave behind: one gzip member or
// several (concatenated archives), an archive cut short, damaged bytes.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { openLogBytes, type WholeGzipLimits } from '../../harness/zeek-log/open-log-bytes.js';
import { propertyParams } from '../helpers/property-params.js';
import { tempDir } from './helpers.js';

const STREAM: WholeGzipLimits = { gzipBytes: 0, textBytes: 0 };
/** Small enough archives are inflated whole, but their text is too big for the bound: streamed after all. */
const TEXT_TOO_BIG: WholeGzipLimits = { gzipBytes: 1 << 30, textBytes: 64 };

async function bytesOf(file: string, limits?: WholeGzipLimits): Promise<string> {
  try {
    const b = await openLogBytes(file, limits);
    const chunks: Buffer[] = [];
    for await (const c of b.chunks) chunks.push(c);
    return `${b.compressed ? 'gzip' : 'plain'} ${Buffer.concat(chunks).toString('latin1')}`;
  } catch (e) {
    return `error ${(e as Error).name}: ${(e as Error).message}`;
  }
}

const row = fc.tuple(fc.nat({ max: 10 ** 6 }), fc.constantFrom('Conn::state', 'DNS::x', 'tcp_ports'), fc.nat({ max: 99999 }));
const member = fc
  .array(row, { minLength: 1, maxLength: 200 })
  .map((rows) => rows.map(([ts, v, size]) => `${1795358712 + ts}.5\t1\tworker-1\tConn\t${v}\t${size}\n`).join(''));

test("a gzip archive inflated whole gives the stream's bytes, errors and all", async () => {
  const t = tempDir();
  let n = 0;
  let failed = 0;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(member, { minLength: 1, maxLength: 3 }),
        // Where the archive is cut, and where a byte is overwritten, in percent of its length.
        fc.option(fc.integer({ min: 0, max: 99 })),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.nat({ max: 255 }))),
        async (members, cut, damage) => {
          let gz = Buffer.concat(members.map((m) => gzipSync(m)));
          if (cut !== null) gz = gz.subarray(0, Math.floor((gz.length * cut) / 100));
          if (damage !== null && gz.length > 0) gz[Math.floor((gz.length * damage[0]) / 100)] = damage[1];
          const file = path.join(t.dir, `my_stats.${n++}.log.gz`);
          writeFileSync(file, gz);
          const streamed = await bytesOf(file, STREAM);
          if (streamed.startsWith('error')) failed++;
          expect(await bytesOf(file)).toEqual(streamed);
          expect(await bytesOf(file, TEXT_TOO_BIG)).toEqual(streamed);
        },
      ),
      propertyParams(150),
    );
    // Damage must have broken some archives, and left others readable.
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(150);
  } finally {
    t.cleanup();
  }
});

test('an archive inflated whole is the text that was compressed, in chunks of at most 1 MiB', async () => {
  const t = tempDir();
  try {
    const text = Array.from({ length: 60_000 }, (_, i) => `1795358712.${i}\t1\tworker-1\tConn\tConn::state\t${i}\n`).join('');
    const file = path.join(t.dir, 'my_stats.log.gz');
    writeFileSync(file, gzipSync(text));
    const b = await openLogBytes(file);
    const sizes: number[] = [];
    const chunks: Buffer[] = [];
    for await (const c of b.chunks) {
      sizes.push(c.length);
      chunks.push(c);
    }
    expect(b.compressed).toBe(true);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(text);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1 << 20);
    expect(sizes.length).toBeGreaterThan(1);
  } finally {
    t.cleanup();
  }
});

test('a cut archive whose last bytes claim a huge text is read without a buffer of that size', async () => {
  const t = tempDir();
  try {
    const text = Array.from({ length: 2000 }, (_, i) => `1795358712.${i}\t1\tworker-1\tConn\tConn::state\t${i}\n`).join('');
    const full = gzipSync(text);
    // Cut in the middle, ending in bytes that read as a 48 MiB text where the trailer would be.
    const cut = Buffer.concat([full.subarray(0, Math.floor(full.length / 2)), Buffer.from([0, 0, 0, 3])]);
    const file = path.join(t.dir, 'my_stats.log.gz');
    writeFileSync(file, cut);
    const b = await openLogBytes(file);
    let memory = 0;
    let bytes = 0;
    for await (const c of b.chunks) {
      memory = Math.max(memory, c.buffer.byteLength);
      bytes += c.length;
    }
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(text.length);
    expect(memory).toBeLessThanOrEqual(2 << 20);
  } finally {
    t.cleanup();
  }
});
