/**
 * Decodes a captured packet layer by layer as Zeek 8 does: the link layer (link-layer.ts: Ethernet
 * with VLAN/QinQ tags, BSD loopback, Linux cooked v1/v2, raw IP), IPv4 or IPv6 with its extension
 * headers (decode-ip.ts), then TCP, UDP or ICMP/ICMPv6 (decode-transport.ts), verifying every
 * checksum it can. The checksums are checked the receiver's way, apart from frame-builder.ts, so
 * tests that decode generated traces do not just repeat the builder's arithmetic.
 *
 * Lengths follow the IP header, not the capture: Ethernet padding is not payload, and a packet
 * captured short (snaplen) still reports the sizes it had on the wire. The transport header of a
 * first fragment is decoded (ports, flags); later fragments carry none. How Zeek turns decoded
 * packets into connection packets (fragment reassembly, what it drops) is connection-packets.ts.
 */
import { decodeIp, type DecodedIp, type DecodedIpv4, type DecodedIpv6 } from './decode-ip.js';
import { decodeTransport, pseudoHeaderSumAt, type DecodedIcmp, type DecodedTcp, type DecodedUdp } from './decode-transport.js';
import { decodeLinkLayer } from './link-layer.js';
import { PcapReader } from './pcap-reader.js';
import { LINKTYPE_ETHERNET } from './pcap-writer.js';

export type { DecodedIcmp, DecodedIp, DecodedIpv4, DecodedIpv6, DecodedTcp, DecodedUdp };

export interface DecodedFrame {
  /** Ethernet addresses; '' where the link layer has none. */
  srcMac: string;
  dstMac: string;
  vlans: number[];
  /** -1 where the link layer has no EtherType (raw IP, loopback). */
  etherType: number;
  /** Offset of the IP header in the captured bytes; undefined when there is no IP layer. */
  ipStart?: number;
  ip?: DecodedIp;
  /** The same object as `ip`, by version. */
  ipv4?: DecodedIpv4;
  ipv6?: DecodedIpv6;
  tcp?: DecodedTcp;
  udp?: DecodedUdp;
  icmp?: DecodedIcmp;
}

export interface DecodedPacket extends DecodedFrame {
  index: number;
  ts: number | undefined;
  caplen: number;
  origLen: number;
  linktype: number;
  data: Buffer;
}

export interface DecodeOptions {
  /**
   * Skip what counting connections does not need, for speed over large traces: no MAC text, no
   * transport checksum (checksumOk undefined), empty payload and options buffers (their lengths are
   * still in payloadLength).
   */
  lean?: boolean;
}

/**
 * Decodes one captured packet of the given link type; `origLen` is its length on the wire. Layers
 * that are absent or cut off are left undefined.
 */
export function decodeFrame(linktype: number, data: Uint8Array, origLen = data.length, options: DecodeOptions = {}): DecodedFrame {
  const lean = options.lean === true;
  const link = decodeLinkLayer(linktype, data, !lean);
  const frame: DecodedFrame = { srcMac: link.srcMac, dstMac: link.dstMac, vlans: link.vlans, etherType: link.etherType };
  if (link.ipStart === undefined) return frame;
  const ipStart = link.ipStart;
  const ip = decodeIp(data, ipStart);
  if (!ip) return frame;
  frame.ipStart = ipStart;
  frame.ip = ip;
  if (ip.version === 4) frame.ipv4 = ip;
  else frame.ipv6 = ip;
  if (ip.fragment && ip.fragment.offset > 0) return frame;

  const totalLength = ipTotalLength(ip, data.length - ipStart);
  const length = totalLength - ip.headerLength;
  // Captured-short packets and fragments cannot have their checksum verified.
  const complete = !lean && !ip.fragment && origLen >= data.length && ipStart + totalLength <= data.length;
  const pseudoSum = complete ? pseudoHeaderSumAt(data, ipStart, ip.version, ip.protocol, length) : undefined;
  const t = decodeTransport(data, { protocol: ip.protocol, start: ipStart + ip.headerLength, length, pseudoSum, noPayload: lean });
  if (t.tcp) frame.tcp = t.tcp;
  else if (t.udp) frame.udp = t.udp;
  else if (t.icmp) frame.icmp = t.icmp;
  return frame;
}

/**
 * The IP length a packet is taken to have. A zero length field (TCP segmentation offload zeroes it)
 * stands for the captured length, as Zeek takes it when checksums are ignored (`-C`).
 */
export function ipTotalLength(ip: DecodedIp, capturedAtIp: number): number {
  return ip.version === 4 && ip.totalLength === 0 ? capturedAtIp : ip.totalLength;
}

/** Decodes one Ethernet frame (throws when it is too short to be one). */
export function decodeEthernetFrame(data: Buffer, origLen = data.length): DecodedFrame {
  if (data.length < 14) throw new Error(`frame too short for Ethernet: ${data.length} bytes`);
  return decodeFrame(LINKTYPE_ETHERNET, data, origLen);
}

/** Reads a trace and decodes every packet (for tests and diagnostics; not tuned for speed). */
export async function* iteratePackets(file: string): AsyncGenerator<DecodedPacket> {
  const reader = await PcapReader.open(file);
  try {
    for (let rec = await reader.next(true); rec; rec = await reader.next(true)) {
      const data = rec.data ?? Buffer.alloc(0);
      const decoded = decodeFrame(rec.linktype, data, rec.origLen);
      yield { ...decoded, index: rec.index, ts: rec.ts, caplen: rec.caplen, origLen: rec.origLen, linktype: rec.linktype, data };
    }
  } finally {
    await reader.close();
  }
}
