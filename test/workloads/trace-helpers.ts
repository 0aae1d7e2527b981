/** Helpers shared by the pcap and workload tests (not a test file itself). */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { iteratePackets, type DecodedPacket } from '../../harness/pcap/decode-packet.js';

/** The real traces beside the repository (absent outside the project's machines and CI). */
export const SHARED_PCAPS = path.resolve(process.cwd(), '..', 'shared', 'pcaps');
export const HAVE_SHARED_PCAPS = existsSync(SHARED_PCAPS);

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `zeek-budget-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

export async function gunzipTo(src: string, dest: string): Promise<string> {
  await pipeline(createReadStream(src), createGunzip(), createWriteStream(dest));
  return dest;
}

/** Every packet of a (small) trace, decoded. */
export async function decodeAll(file: string): Promise<DecodedPacket[]> {
  const out: DecodedPacket[] = [];
  for await (const p of iteratePackets(file)) out.push(p);
  return out;
}

/** A direction-independent connection key: the same for both directions of one 5-tuple. */
export function connectionKey(p: DecodedPacket): string {
  const l4 = p.tcp ?? p.udp;
  if (!p.ipv4 || !l4) throw new Error(`packet ${p.index} is not TCP/UDP over IPv4`);
  const a = `${p.ipv4.src}:${l4.srcPort}`;
  const b = `${p.ipv4.dst}:${l4.dstPort}`;
  return `${p.ipv4.protocol} ${a < b ? `${a} ${b}` : `${b} ${a}`}`;
}

export function groupBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}
