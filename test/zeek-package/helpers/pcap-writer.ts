// Traces for the fake zeek's tests. The common case, classic little-endian
// microsecond pcap, is written by the harness's own PcapWriter and frames by its
// frame builder; what is left here are the other formats Zeek reads and the
// harness never writes (big-endian, nanosecond, pcapng), so the fake's reader
// is tested on all of them.
import { buildUdpFrame, ipv4 } from '../../../harness/pcap/frame-builder.js';
import { PcapReader } from '../../../harness/pcap/pcap-reader.js';
import { PcapWriter } from '../../../harness/pcap/pcap-writer.js';

export interface TestPacket {
  /** Whole microseconds since the epoch, so that every format holds it exactly. */
  us: number;
  frame: Buffer;
}

/** Writes a classic little-endian microsecond pcap with the harness's writer. */
export async function writePcap(file: string, packets: readonly TestPacket[]): Promise<void> {
  const writer = await PcapWriter.create(file, { snaplen: 65535 });
  for (const { us, frame } of packets) await writer.write(us, frame);
  await writer.close();
}

/** Reads a trace back into packets with the harness's reader. */
export async function readPackets(file: string): Promise<TestPacket[]> {
  const reader = await PcapReader.open(file);
  const out: TestPacket[] = [];
  try {
    for (let rec = await reader.next(true); rec; rec = await reader.next(true)) {
      out.push({ us: Math.round((rec.ts ?? 0) * 1e6), frame: rec.data ?? Buffer.alloc(0) });
    }
  } finally {
    await reader.close();
  }
  return out;
}

function u32(value: number, bigEndian: boolean): Buffer {
  const b = Buffer.alloc(4);
  if (bigEndian) b.writeUInt32BE(value >>> 0);
  else b.writeUInt32LE(value >>> 0);
  return b;
}

function u16(value: number, bigEndian: boolean): Buffer {
  const b = Buffer.alloc(2);
  if (bigEndian) b.writeUInt16BE(value);
  else b.writeUInt16LE(value);
  return b;
}

/** Classic pcap in a byte order / resolution the harness's writer does not write. */
export function pcapVariant(packets: readonly TestPacket[], { bigEndian = false, nanoseconds = false } = {}): Buffer {
  const parts = [u32(nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, bigEndian), u16(2, bigEndian), u16(4, bigEndian)];
  parts.push(u32(0, bigEndian), u32(0, bigEndian), u32(65535, bigEndian), u32(1, bigEndian));
  for (const { us, frame } of packets) {
    const frac = us % 1e6;
    parts.push(u32(Math.floor(us / 1e6), bigEndian), u32(nanoseconds ? frac * 1000 : frac, bigEndian));
    parts.push(u32(frame.length, bigEndian), u32(frame.length, bigEndian), frame);
  }
  return Buffer.concat(parts);
}

function block(type: number, body: Buffer, bigEndian: boolean): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const length = padded.length + 12;
  return Buffer.concat([u32(type, bigEndian), u32(length, bigEndian), padded, u32(length, bigEndian)]);
}

/** pcapng with one Ethernet interface; tsresol is the if_tsresol option byte (6 = microseconds, 9 = nanoseconds). */
export function pcapng(packets: readonly TestPacket[], { bigEndian = false, tsresol = 6 }: { bigEndian?: boolean; tsresol?: number } = {}): Buffer {
  const shb = block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d, bigEndian), u16(1, bigEndian), u16(0, bigEndian), Buffer.alloc(8, 0xff)]), bigEndian);
  const tsresolOption = Buffer.concat([u16(9, bigEndian), u16(1, bigEndian), Buffer.from([tsresol, 0, 0, 0])]);
  const idb = block(
    1,
    Buffer.concat([u16(1, bigEndian), u16(0, bigEndian), u32(65535, bigEndian), tsresolOption, u16(0, bigEndian), u16(0, bigEndian)]),
    bigEndian,
  );
  const unitsPerUs = 10 ** (tsresol - 6);
  const epbs = packets.map(({ us, frame }) => {
    const ticks = BigInt(us) * BigInt(unitsPerUs);
    const fields = [u32(0, bigEndian), u32(Number(ticks >> 32n), bigEndian), u32(Number(ticks & 0xffffffffn), bigEndian)];
    return block(6, Buffer.concat([...fields, u32(frame.length, bigEndian), u32(frame.length, bigEndian), frame]), bigEndian);
  });
  return Buffer.concat([shb, idb, ...epbs]);
}

const MAC_A = Uint8Array.from([2, 0, 0, 0, 0, 1]);
const MAC_B = Uint8Array.from([2, 0, 0, 0, 0, 2]);

function address(text: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = text.split('.').map(Number);
  return ipv4(a, b, c, d);
}

/** An Ethernet/IPv4/UDP frame from the harness's frame builder (checksums correct). */
export function udpFrame(src: string, dst: string, sport: number, dport: number, payload = Buffer.from('ping')): Buffer {
  return buildUdpFrame(
    { srcMac: MAC_A, dstMac: MAC_B, src: address(src), dst: address(dst), ttl: 64, id: 0, dontFragment: false },
    { srcPort: sport, dstPort: dport, payload },
  );
}
