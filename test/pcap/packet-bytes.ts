/**
 * Raw packet bytes for the decoder tests, layer by layer (link headers, IPv4/IPv6 with extension
 * headers and fragments, TCP/UDP/ICMP with correct checksums), and a round trip through the
 * harness's PcapWriter and decoder. Checksums use harness/pcap/internet-checksum.ts, which the
 * decoder does not: its receiver-side check is separate code.
 */
import path from 'node:path';
import { iteratePackets, type DecodedPacket } from '../../harness/pcap/decode-packet.js';
import { finishChecksum, sumWords } from '../../harness/pcap/internet-checksum.js';
import { PcapWriter } from '../../harness/pcap/pcap-writer.js';

export const V4_SRC = [192, 0, 2, 1];
export const V4_DST = [198, 51, 100, 7];
/** 2001:db8::1 and 2001:db8:0:0:1::2 as bytes. */
export const V6_SRC = Buffer.from('20010db8000000000000000000000001', 'hex');
export const V6_DST = Buffer.from('20010db8000000000001000000000002', 'hex');

export function tcpSegment(sport: number, dport: number, flags: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const seg = Buffer.alloc(20 + payload.length);
  seg.writeUInt16BE(sport, 0);
  seg.writeUInt16BE(dport, 2);
  seg.writeUInt32BE(1000, 4);
  seg.writeUInt32BE(0, 8);
  seg[12] = 5 << 4;
  seg[13] = flags;
  seg.writeUInt16BE(8192, 14);
  payload.copy(seg, 20);
  return seg;
}

export function udpDatagram(sport: number, dport: number, payload: Buffer): Buffer {
  const d = Buffer.alloc(8 + payload.length);
  d.writeUInt16BE(sport, 0);
  d.writeUInt16BE(dport, 2);
  d.writeUInt16BE(d.length, 4);
  payload.copy(d, 8);
  return d;
}

export function icmpMessage(type: number, code: number, payload: Buffer): Buffer {
  const m = Buffer.alloc(8 + payload.length);
  m[0] = type;
  m[1] = code;
  m.writeUInt16BE(0x1234, 4); // identifier
  m.writeUInt16BE(1, 6); // sequence
  payload.copy(m, 8);
  return m;
}

/** Fills in the checksum of a transport segment (TCP at 16, UDP at 6, ICMP at 2) over its pseudo-header. */
export function withChecksum(protocol: number, seg: Buffer, pseudo: Buffer): Buffer {
  const at = protocol === 6 ? 16 : protocol === 17 ? 6 : 2;
  seg.writeUInt16BE(0, at);
  seg.writeUInt16BE(finishChecksum(sumWords(seg, 0, seg.length, sumWords(pseudo, 0, pseudo.length))) || (protocol === 17 ? 0xffff : 0), at);
  return seg;
}

export function pseudoV4(protocol: number, length: number): Buffer {
  if (protocol === 1) return Buffer.alloc(0);
  const p = Buffer.alloc(12);
  Buffer.from(V4_SRC).copy(p, 0);
  Buffer.from(V4_DST).copy(p, 4);
  p[9] = protocol;
  p.writeUInt16BE(length, 10);
  return p;
}

export function pseudoV6(protocol: number, length: number): Buffer {
  const p = Buffer.alloc(40);
  V6_SRC.copy(p, 0);
  V6_DST.copy(p, 16);
  p.writeUInt32BE(length, 32);
  p[39] = protocol;
  return p;
}

export interface V4Options {
  id?: number;
  moreFragments?: boolean;
  fragmentOffset?: number;
  /** Overrides the total-length field. */
  totalLength?: number;
}

export function ipv4Packet(protocol: number, payload: Buffer, o: V4Options = {}): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(o.totalLength ?? 20 + payload.length, 2);
  h.writeUInt16BE(o.id ?? 7, 4);
  h.writeUInt16BE((o.moreFragments ? 0x2000 : 0) | ((o.fragmentOffset ?? 0) / 8), 6);
  h[8] = 64;
  h[9] = protocol;
  Buffer.from(V4_SRC).copy(h, 12);
  Buffer.from(V4_DST).copy(h, 16);
  h.writeUInt16BE(finishChecksum(sumWords(h, 0, 20)), 10);
  return Buffer.concat([h, payload]);
}

/** An IPv6 extension header of type-length-value form (hop-by-hop, routing, destination options). */
export function extensionHeader(next: number, body = 6): Buffer {
  const h = Buffer.alloc(2 + body);
  h[0] = next;
  h[1] = (h.length - 8) / 8;
  return h;
}

export function fragmentHeader(next: number, offset: number, more: boolean, id: number): Buffer {
  const h = Buffer.alloc(8);
  h[0] = next;
  h.writeUInt16BE(offset | (more ? 1 : 0), 2);
  h.writeUInt32BE(id, 4);
  return h;
}

/** An IPv6 packet whose payload (extension headers included) is `payload`; `next` is the first header. */
export function ipv6Packet(next: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(payload.length, 4);
  h[6] = next;
  h[7] = 64;
  V6_SRC.copy(h, 8);
  V6_DST.copy(h, 24);
  return Buffer.concat([h, payload]);
}

export function ethernet(etherType: number, payload: Buffer, tags: Array<[number, number]> = []): Buffer {
  const head = Buffer.from('020000000002020000000001', 'hex'); // destination, source
  // Each tag (TPID, then the VLAN id) sits between the addresses and the EtherType.
  const tagBytes = tags.map(([tpid, vid]) => Buffer.from([tpid >> 8, tpid & 0xff, vid >> 8, vid & 0xff]));
  return Buffer.concat([head, ...tagBytes, Buffer.from([etherType >> 8, etherType & 0xff]), payload]);
}

/** Writes the frames into a pcap of `linktype` and decodes them back. */
export async function roundTrip(dir: string, linktype: number, frames: Buffer[], snaplen?: number): Promise<DecodedPacket[]> {
  const file = path.join(dir, `lt${linktype}.pcap`);
  const w = await PcapWriter.create(file, { linktype, ...(snaplen ? { snaplen } : {}) });
  frames.forEach((f, i) => w.add(1_700_000_000_000_000 + i, f));
  await w.close();
  const out: DecodedPacket[] = [];
  for await (const p of iteratePackets(file)) out.push(p);
  return out;
}
