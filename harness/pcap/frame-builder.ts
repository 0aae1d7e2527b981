/**
 * Builds Ethernet II / IPv4 / TCP and UDP frames with correct IPv4 header checksums and TCP/UDP
 * checksums over the pseudo-header, so Zeek accepts them without `-C`.
 */
import { finishChecksum, pseudoHeaderSum, sumWords } from './internet-checksum.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

const ETH_HEADER = 14;
const IPV4_HEADER = 20;
const TCP_HEADER = 20;
const UDP_HEADER = 8;
const EMPTY = new Uint8Array(0);

export interface Ipv4Fields {
  srcMac: Uint8Array;
  dstMac: Uint8Array;
  /** Addresses as unsigned 32-bit numbers, see ipv4(). */
  src: number;
  dst: number;
  ttl: number;
  /** IP identification, 16 bits. */
  id: number;
  dontFragment: boolean;
}

export interface TcpFields {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  /** Already padded to a multiple of 4 bytes. */
  options?: Uint8Array;
  payload?: Uint8Array;
}

export interface UdpFields {
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

/** 10.1.2.3 -> 0x0a010203 (unsigned). */
export function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

export function formatIpv4(addr: number): string {
  return `${addr >>> 24}.${(addr >>> 16) & 0xff}.${(addr >>> 8) & 0xff}.${addr & 0xff}`;
}

export function formatMac(mac: Uint8Array): string {
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join(':');
}

export function buildTcpFrame(ip: Ipv4Fields, tcp: TcpFields): Buffer {
  const options = tcp.options ?? EMPTY;
  const payload = tcp.payload ?? EMPTY;
  if (options.length % 4 !== 0 || options.length > 40) {
    throw new Error(`TCP options must be padded to a multiple of 4 bytes and at most 40, got ${options.length}`);
  }
  const tcpLength = TCP_HEADER + options.length + payload.length;
  const frame = Buffer.alloc(ETH_HEADER + IPV4_HEADER + tcpLength);
  const ipStart = writeEthernet(frame, ip);
  writeIpv4(frame, ipStart, ip, IPPROTO_TCP, tcpLength);
  const t = ipStart + IPV4_HEADER;
  frame.writeUInt16BE(tcp.srcPort, t);
  frame.writeUInt16BE(tcp.dstPort, t + 2);
  frame.writeUInt32BE(tcp.seq >>> 0, t + 4);
  frame.writeUInt32BE(tcp.ack >>> 0, t + 8);
  frame[t + 12] = ((TCP_HEADER + options.length) / 4) << 4;
  frame[t + 13] = tcp.flags;
  frame.writeUInt16BE(tcp.window, t + 14);
  // t+16 checksum (filled below), t+18 urgent pointer stays 0.
  frame.set(options, t + TCP_HEADER);
  frame.set(payload, t + TCP_HEADER + options.length);
  const sum = sumWords(frame, t, t + tcpLength, pseudoHeaderSum(ip.src, ip.dst, IPPROTO_TCP, tcpLength));
  frame.writeUInt16BE(finishChecksum(sum), t + 16);
  return frame;
}

export function buildUdpFrame(ip: Ipv4Fields, udp: UdpFields): Buffer {
  const udpLength = UDP_HEADER + udp.payload.length;
  const frame = Buffer.alloc(ETH_HEADER + IPV4_HEADER + udpLength);
  const ipStart = writeEthernet(frame, ip);
  writeIpv4(frame, ipStart, ip, IPPROTO_UDP, udpLength);
  const u = ipStart + IPV4_HEADER;
  frame.writeUInt16BE(udp.srcPort, u);
  frame.writeUInt16BE(udp.dstPort, u + 2);
  frame.writeUInt16BE(udpLength, u + 4);
  frame.set(udp.payload, u + UDP_HEADER);
  const sum = sumWords(frame, u, u + udpLength, pseudoHeaderSum(ip.src, ip.dst, IPPROTO_UDP, udpLength));
  // RFC 768: a computed zero is sent as all ones; zero on the wire means "no checksum".
  frame.writeUInt16BE(finishChecksum(sum) || 0xffff, u + 6);
  return frame;
}

function writeEthernet(frame: Buffer, ip: Ipv4Fields): number {
  frame.set(ip.dstMac, 0);
  frame.set(ip.srcMac, 6);
  frame.writeUInt16BE(ETHERTYPE_IPV4, 12);
  return ETH_HEADER;
}

function writeIpv4(frame: Buffer, at: number, ip: Ipv4Fields, protocol: number, l4Length: number): void {
  const totalLength = IPV4_HEADER + l4Length;
  if (totalLength > 0xffff) throw new Error(`IPv4 packet too large: ${totalLength} bytes`);
  frame[at] = 0x45; // version 4, 5 words of header
  frame[at + 1] = 0; // DSCP/ECN
  frame.writeUInt16BE(totalLength, at + 2);
  frame.writeUInt16BE(ip.id & 0xffff, at + 4);
  frame.writeUInt16BE(ip.dontFragment ? 0x4000 : 0, at + 6);
  frame[at + 8] = ip.ttl;
  frame[at + 9] = protocol;
  frame.writeUInt32BE(ip.src >>> 0, at + 12);
  frame.writeUInt32BE(ip.dst >>> 0, at + 16);
  frame.writeUInt16BE(finishChecksum(sumWords(frame, at, at + IPV4_HEADER)), at + 10);
}
