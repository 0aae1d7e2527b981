/**
 * Decodes Ethernet (with up to two VLAN tags) / IPv4 / TCP / UDP and verifies every checksum. It is
 * written independently of frame-builder.ts, with its own checksum routine that checks the
 * receiver's way (the sum over the data including the checksum field must be 0xffff), so tests that
 * decode generated traces with it do not just repeat the builder's arithmetic.
 */
import { PcapReader } from './pcap-reader.js';

export interface DecodedTcp {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  options: Buffer;
  payload: Buffer;
  /** undefined when the packet was captured short and the checksum cannot be checked. */
  checksumOk: boolean | undefined;
}

export interface DecodedUdp {
  srcPort: number;
  dstPort: number;
  length: number;
  payload: Buffer;
  /** true also for checksum 0 ("not computed"), as receivers accept it. */
  checksumOk: boolean | undefined;
  checksumPresent: boolean;
}

export interface DecodedIpv4 {
  src: string;
  dst: string;
  ttl: number;
  id: number;
  dontFragment: boolean;
  moreFragments: boolean;
  fragmentOffset: number;
  protocol: number;
  totalLength: number;
  headerLength: number;
  headerChecksumOk: boolean;
}

export interface DecodedFrame {
  srcMac: string;
  dstMac: string;
  vlans: number[];
  etherType: number;
  ipv4?: DecodedIpv4;
  tcp?: DecodedTcp;
  udp?: DecodedUdp;
}

export interface DecodedPacket extends DecodedFrame {
  index: number;
  ts: number | undefined;
  caplen: number;
  origLen: number;
  linktype: number;
  data: Buffer;
}

const LINKTYPE_ETHERNET = 1;

/** Decodes one Ethernet frame; layers that are absent or cut off are left undefined. */
export function decodeEthernetFrame(data: Buffer, origLen = data.length): DecodedFrame {
  if (data.length < 14) throw new Error(`frame too short for Ethernet: ${data.length} bytes`);
  const frame: DecodedFrame = {
    dstMac: mac(data, 0),
    srcMac: mac(data, 6),
    vlans: [],
    etherType: data.readUInt16BE(12),
  };
  let o = 14;
  while ((frame.etherType === 0x8100 || frame.etherType === 0x88a8) && o + 4 <= data.length) {
    frame.vlans.push(data.readUInt16BE(o) & 0x0fff);
    frame.etherType = data.readUInt16BE(o + 2);
    o += 4;
  }
  if (frame.etherType !== 0x0800 || o + 20 > data.length) return frame;

  const ihl = (data[o]! & 0x0f) * 4;
  if (data[o]! >> 4 !== 4 || ihl < 20 || o + ihl > data.length) return frame;
  const totalLength = data.readUInt16BE(o + 2);
  const fragField = data.readUInt16BE(o + 6);
  const ip: DecodedIpv4 = {
    src: ipv4Text(data, o + 12),
    dst: ipv4Text(data, o + 16),
    ttl: data[o + 8]!,
    id: data.readUInt16BE(o + 4),
    dontFragment: (fragField & 0x4000) !== 0,
    moreFragments: (fragField & 0x2000) !== 0,
    fragmentOffset: (fragField & 0x1fff) * 8,
    protocol: data[o + 9]!,
    totalLength,
    headerLength: ihl,
    headerChecksumOk: onesComplementSum(data, o, o + ihl, 0) === 0xffff,
  };
  frame.ipv4 = ip;
  if (ip.moreFragments || ip.fragmentOffset > 0) return frame;

  const l4 = o + ihl;
  const l4Length = totalLength - ihl;
  // Captured-short packets (snaplen) cannot have their checksum verified.
  const complete = origLen >= data.length && l4 + l4Length <= data.length;
  const l4End = Math.min(l4 + l4Length, data.length);
  const pseudo = pseudoSum(data, o, ip.protocol, l4Length);

  if (ip.protocol === 6 && l4 + 20 <= l4End) {
    const dataOffset = (data[l4 + 12]! >> 4) * 4;
    frame.tcp = {
      srcPort: data.readUInt16BE(l4),
      dstPort: data.readUInt16BE(l4 + 2),
      seq: data.readUInt32BE(l4 + 4),
      ack: data.readUInt32BE(l4 + 8),
      flags: data[l4 + 13]!,
      window: data.readUInt16BE(l4 + 14),
      options: Buffer.from(data.subarray(l4 + 20, Math.min(l4 + dataOffset, l4End))),
      payload: Buffer.from(data.subarray(Math.min(l4 + dataOffset, l4End), l4End)),
      checksumOk: complete ? onesComplementSum(data, l4, l4End, pseudo) === 0xffff : undefined,
    };
  } else if (ip.protocol === 17 && l4 + 8 <= l4End) {
    const checksum = data.readUInt16BE(l4 + 6);
    frame.udp = {
      srcPort: data.readUInt16BE(l4),
      dstPort: data.readUInt16BE(l4 + 2),
      length: data.readUInt16BE(l4 + 4),
      payload: Buffer.from(data.subarray(l4 + 8, l4End)),
      checksumPresent: checksum !== 0,
      checksumOk: !complete ? undefined : checksum === 0 || onesComplementSum(data, l4, l4End, pseudo) === 0xffff,
    };
  }
  return frame;
}

/** Reads a trace and decodes every Ethernet packet (for tests and diagnostics; not tuned for speed). */
export async function* iteratePackets(file: string): AsyncGenerator<DecodedPacket> {
  const reader = await PcapReader.open(file);
  try {
    for (let rec = await reader.next(true); rec; rec = await reader.next(true)) {
      const data = rec.data ?? Buffer.alloc(0);
      const decoded: DecodedFrame =
        rec.linktype === LINKTYPE_ETHERNET && data.length >= 14
          ? decodeEthernetFrame(data, rec.origLen)
          : { srcMac: '', dstMac: '', vlans: [], etherType: -1 };
      yield { ...decoded, index: rec.index, ts: rec.ts, caplen: rec.caplen, origLen: rec.origLen, linktype: rec.linktype, data };
    }
  } finally {
    await reader.close();
  }
}

/** Byte-at-a-time one's-complement sum with end-around carry, folded to 16 bits. */
function onesComplementSum(data: Buffer, start: number, end: number, initial: number): number {
  let sum = initial;
  for (let i = start; i < end; i++) {
    sum += (i - start) % 2 === 0 ? data[i]! * 256 : data[i]!;
    if (sum > 0xffff) sum = (sum & 0xffff) + 1;
  }
  return sum;
}

function pseudoSum(data: Buffer, ipStart: number, protocol: number, l4Length: number): number {
  let sum = 0;
  for (let i = ipStart + 12; i < ipStart + 20; i += 2) sum += data.readUInt16BE(i);
  sum += protocol + l4Length;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

function mac(data: Buffer, at: number): string {
  return Array.from(data.subarray(at, at + 6), (b) => b.toString(16).padStart(2, '0')).join(':');
}

function ipv4Text(data: Buffer, at: number): string {
  return `${data[at]}.${data[at + 1]}.${data[at + 2]}.${data[at + 3]}`;
}
