// Writes small captures in every format the fake must read, from one list of
// packets: classic pcap in both byte orders with micro- or nanosecond
// timestamps, and pcapng with a chosen timestamp resolution.

export interface TestPacket {
  /** Whole microseconds since the epoch, so that every format holds it exactly. */
  us: number;
  frame: Buffer;
}

export interface PcapFormat {
  bigEndian?: boolean;
  nanoseconds?: boolean;
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

export function pcap(packets: TestPacket[], { bigEndian = false, nanoseconds = false }: PcapFormat = {}): Buffer {
  const parts = [
    u32(nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, bigEndian),
    u16(2, bigEndian),
    u16(4, bigEndian),
    u32(0, bigEndian),
    u32(0, bigEndian),
    u32(65535, bigEndian),
    u32(1, bigEndian),
  ];
  for (const { us, frame } of packets) {
    const sec = Math.floor(us / 1e6);
    const frac = us % 1e6;
    parts.push(u32(sec, bigEndian), u32(nanoseconds ? frac * 1000 : frac, bigEndian));
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
export function pcapng(packets: TestPacket[], { bigEndian = false, tsresol = 6 }: { bigEndian?: boolean; tsresol?: number } = {}): Buffer {
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
    return block(
      6,
      Buffer.concat([
        u32(0, bigEndian),
        u32(Number(ticks >> 32n), bigEndian),
        u32(Number(ticks & 0xffffffffn), bigEndian),
        u32(frame.length, bigEndian),
        u32(frame.length, bigEndian),
        frame,
      ]),
      bigEndian,
    );
  });
  return Buffer.concat([shb, idb, ...epbs]);
}

/** An Ethernet/IPv4/UDP frame; checksums are left at 0 (zeek -C ignores them). */
export function udpFrame(src: string, dst: string, sport: number, dport: number, payload = Buffer.from('ping')): Buffer {
  const udp = Buffer.alloc(8 + payload.length);
  udp.writeUInt16BE(sport, 0);
  udp.writeUInt16BE(dport, 2);
  udp.writeUInt16BE(udp.length, 4);
  payload.copy(udp, 8);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + udp.length, 2);
  ip[8] = 64;
  ip[9] = 17;
  Buffer.from(src.split('.').map(Number)).copy(ip, 12);
  Buffer.from(dst.split('.').map(Number)).copy(ip, 16);
  const eth = Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]);
  return Buffer.concat([eth, ip, udp]);
}

/** Re-reads a classic little-endian microsecond pcap into packets (for converting the committed traces). */
export function readLittleEndianPcap(data: Buffer): TestPacket[] {
  const out: TestPacket[] = [];
  for (let at = 24; at + 16 <= data.length; ) {
    const caplen = data.readUInt32LE(at + 8);
    out.push({ us: data.readUInt32LE(at) * 1e6 + data.readUInt32LE(at + 4), frame: data.subarray(at + 16, at + 16 + caplen) });
    at += 16 + caplen;
  }
  return out;
}
