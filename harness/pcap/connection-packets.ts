/**
 * Packets as Zeek's session layer sees them: the 5-tuple it keys a connection by and the sizes
 * conn.log adds up, or nothing where Zeek's IP and transport analyzers drop the packet
 * (src/packet_analysis/protocol/ip/IP.cc and the TCP/UDP/ICMP analyzers of Zeek 8):
 *
 * - shorter on the wire than its IP length says ("truncated_IP_len"), or a header longer than the
 *   IP length: dropped;
 * - a fragment captured in full is reassembled first; the datagram counts once, at its whole length,
 *   when its last piece arrives. A fragment captured short is not reassembled: the first one is
 *   tracked by its own header (header-only traces), later ones are dropped;
 * - a TCP header under 20 bytes, UDP or ICMP under 8 (in the capture or in the IP length):
 *   dropped ("truncated_header"); ESP, mobility and other protocols make no connection here;
 * - ICMP is keyed by type and the counterpart type (echo request 8 and reply 0 are one
 *   connection), or by type and code for messages without one, as Zeek's ICMP4/6_counterpart.
 *
 * Checksums are not checked, as with `zeek -C`.
 */
import { walkExtensions, type DecodedIp } from './decode-ip.js';
import { decodeFrame, ipTotalLength } from './decode-packet.js';
import { decodeTransport, IPPROTO_ICMP, IPPROTO_ICMPV6, type DecodedTransport } from './decode-transport.js';
import { FragmentReassembler } from './ip-fragments.js';

export interface ConnectionPacket {
  proto: 'tcp' | 'udp' | 'icmp';
  /** 6, 17, 1 or 58. */
  ipProto: number;
  src: string;
  dst: string;
  /** Ports; for ICMP the type and the counterpart type (or code). */
  sport: number;
  dport: number;
  /** IP bytes (conn.log's *_ip_bytes). */
  ipLength: number;
  /** Transport payload bytes the IP length declares. */
  payloadLength: number;
  /** TCP flags; 0 for UDP and ICMP. */
  tcpFlags: number;
}

export class ConnectionPackets {
  private readonly fragments = new FragmentReassembler();

  /** The packet's part in a connection, or undefined when Zeek would give it none (yet). */
  next(linktype: number, data: Uint8Array, wireLength = data.length): ConnectionPacket | undefined {
    const frame = decodeFrame(linktype, data, wireLength, { lean: true });
    const { ip, ipStart } = frame;
    if (!ip || ipStart === undefined) return undefined;
    const captured = data.length - ipStart;
    const totalLength = ipTotalLength(ip, captured);
    if (wireLength - ipStart < totalLength || ip.headerLength > totalLength) return undefined;
    const fragment = ip.fragment;
    if (!fragment || captured < totalLength) {
      if (fragment && fragment.offset > 0) return undefined;
      return connectionPacket(ip, frame, totalLength, totalLength - ip.headerLength);
    }
    const whole = this.fragments.add(ip, data.subarray(ipStart + fragment.dataStart, ipStart + totalLength));
    if (!whole) return undefined;
    return reassembled(ip, whole);
  }
}

function reassembled(ip: DecodedIp, whole: Buffer): ConnectionPacket | undefined {
  const fragment = ip.fragment!;
  // Zeek rebuilds the datagram without the fragment header: its unfragmentable headers, then the data.
  const unfragmentable = ip.version === 4 ? ip.headerLength : fragment.dataStart - 8;
  const chain = ip.version === 6 ? walkExtensions(whole, 0, fragment.protocol) : { protocol: fragment.protocol, end: 0 };
  if (!chain) return undefined;
  const length = whole.length - chain.end;
  const transport = decodeTransport(whole, { protocol: chain.protocol, start: chain.end, length, pseudoSum: undefined, noPayload: true });
  return connectionPacket({ ...ip, protocol: chain.protocol }, transport, unfragmentable + whole.length, length);
}

function connectionPacket(ip: DecodedIp, t: DecodedTransport, ipLength: number, l4Length: number): ConnectionPacket | undefined {
  // One object literal of one shape per packet: this runs for every packet of a trace.
  const packet = (
    proto: ConnectionPacket['proto'],
    ipProto: number,
    sport: number,
    dport: number,
    headerLength: number,
    tcpFlags: number,
  ): ConnectionPacket => ({
    proto,
    ipProto,
    src: ip.src,
    dst: ip.dst,
    sport,
    dport,
    ipLength,
    payloadLength: Math.max(0, l4Length - headerLength),
    tcpFlags,
  });
  const { tcp, udp, icmp } = t;
  if (tcp && !tcp.truncated) return packet('tcp', 6, tcp.srcPort, tcp.dstPort, tcp.dataOffset, tcp.flags);
  if (udp && !udp.truncated) return packet('udp', 17, udp.srcPort, udp.dstPort, 8, 0);
  if (icmp && !icmp.truncated) return packet('icmp', icmp.protocol, icmp.type, icmpCounterpart(icmp.protocol, icmp.type, icmp.code), 8, 0);
  return undefined;
}

/** Request/reply pairs Zeek tracks as one connection (ICMP4_counterpart, ICMP6_counterpart). */
const ICMP4_PAIRS = pairs([
  [8, 0],
  [13, 14],
  [15, 16],
  [10, 9],
  [17, 18],
]);
const ICMP6_PAIRS = pairs([
  [128, 129],
  [133, 134],
  [135, 136],
  [130, 131],
  [139, 140],
  [144, 145],
]);

function pairs(list: Array<[number, number]>): Map<number, number> {
  return new Map(
    list.flatMap(
      ([a, b]) =>
        [
          [a, b],
          [b, a],
        ] as Array<[number, number]>,
    ),
  );
}

/** The ICMP "responder port": the counterpart type, or the code of a one-way message. */
export function icmpCounterpart(protocol: number, type: number, code: number): number {
  const table = protocol === IPPROTO_ICMPV6 ? ICMP6_PAIRS : protocol === IPPROTO_ICMP ? ICMP4_PAIRS : undefined;
  return table?.get(type) ?? code;
}
