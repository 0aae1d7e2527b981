/**
 * TCP, UDP and ICMP/ICMPv6 headers. A header is decoded as far as its bytes go (TCP from 14 bytes:
 * ports, sequence numbers, data offset, flags; UDP from 4; ICMP from 2) and marked `truncated` when
 * it is shorter than Zeek needs to track the packet (20, 8 and 8 bytes, in the capture and in the IP
 * length alike: Zeek's "truncated_header"/"internally_truncated_header"), so a header-only or
 * damaged capture can still be looked at. Payload sizes come from the IP length, not the capture.
 */
import { u16, u32 } from './read-bytes.js';
import { receiverSum } from './decode-ip.js';

export const IPPROTO_ICMP = 1;
export const IPPROTO_ICMPV6 = 58;

export interface DecodedTcp {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** Header length in bytes, from the data-offset field. */
  dataOffset: number;
  flags: number;
  /** undefined when the header was cut before the window field. */
  window: number | undefined;
  options: Buffer;
  /** The captured payload bytes. */
  payload: Buffer;
  /** Payload bytes the IP length declares (at least 0). */
  payloadLength: number;
  truncated: boolean;
  /** undefined when the checksum cannot be checked (captured short, a fragment, truncated). */
  checksumOk: boolean | undefined;
}

export interface DecodedUdp {
  srcPort: number;
  dstPort: number;
  /** The UDP length field; undefined when the header was cut before it. */
  length: number | undefined;
  payload: Buffer;
  payloadLength: number;
  truncated: boolean;
  /** true also for checksum 0 ("not computed"), as receivers accept it. */
  checksumOk: boolean | undefined;
  checksumPresent: boolean;
}

export interface DecodedIcmp {
  /** 1 (ICMP) or 58 (ICMPv6). */
  protocol: number;
  type: number;
  code: number;
  payload: Buffer;
  /** Bytes after the 8-byte ICMP header, as the IP length declares them. */
  payloadLength: number;
  truncated: boolean;
  checksumOk: boolean | undefined;
}

export interface DecodedTransport {
  tcp?: DecodedTcp;
  udp?: DecodedUdp;
  icmp?: DecodedIcmp;
}

export interface TransportSpan {
  protocol: number;
  /** Offset of the transport header in `data`. */
  start: number;
  /** Bytes of transport header and payload the IP header declares. */
  length: number;
  /** Sum of the pseudo-header for the checksum, or undefined when the checksum cannot be checked. */
  pseudoSum: number | undefined;
  /** Leave payload and options empty (for callers that count bytes and do not look at them). */
  noPayload?: boolean;
}

const NO_BYTES = Buffer.alloc(0);

export function decodeTransport(data: Uint8Array, span: TransportSpan): DecodedTransport {
  const { protocol, start, length } = span;
  const end = Math.min(start + length, data.length);
  const have = end - start;
  const checked = (headerLength: number, verify: () => boolean): boolean | undefined =>
    span.pseudoSum === undefined || have < length || have < headerLength ? undefined : verify();
  const sum = () => receiverSum(data, start, end, span.pseudoSum ?? 0) === 0xffff;
  const bytes = (from: number, to: number) => (span.noPayload ? NO_BYTES : Buffer.from(data.subarray(from, to)));

  if (protocol === 6 && have >= 14) {
    const dataOffset = (data[start + 12]! >> 4) * 4;
    const headerEnd = Math.min(start + Math.max(dataOffset, 20), end);
    const truncated = have < 20 || length < 20;
    return {
      tcp: {
        srcPort: u16(data, start),
        dstPort: u16(data, start + 2),
        seq: u32(data, start + 4),
        ack: u32(data, start + 8),
        dataOffset,
        flags: data[start + 13]!,
        window: have >= 16 ? u16(data, start + 14) : undefined,
        options: bytes(Math.min(start + 20, end), Math.min(start + dataOffset, end)),
        payload: bytes(Math.max(headerEnd, Math.min(start + dataOffset, end)), end),
        payloadLength: Math.max(0, length - dataOffset),
        truncated,
        checksumOk: truncated ? undefined : checked(20, sum),
      },
    };
  }
  if (protocol === 17 && have >= 4) {
    const checksum = have >= 8 ? u16(data, start + 6) : 0;
    const truncated = have < 8 || length < 8;
    return {
      udp: {
        srcPort: u16(data, start),
        dstPort: u16(data, start + 2),
        length: have >= 6 ? u16(data, start + 4) : undefined,
        payload: bytes(Math.min(start + 8, end), end),
        payloadLength: Math.max(0, length - 8),
        truncated,
        checksumPresent: checksum !== 0,
        checksumOk: truncated ? undefined : checked(8, () => checksum === 0 || sum()),
      },
    };
  }
  if ((protocol === IPPROTO_ICMP || protocol === IPPROTO_ICMPV6) && have >= 2) {
    const truncated = have < 8 || length < 8;
    return {
      icmp: {
        protocol,
        type: data[start]!,
        code: data[start + 1]!,
        payload: bytes(Math.min(start + 8, end), end),
        payloadLength: Math.max(0, length - 8),
        truncated,
        checksumOk: truncated ? undefined : checked(8, sum),
      },
    };
  }
  return {};
}

/**
 * The pseudo-header sum for a transport checksum over IP at `ipStart`: IPv4's source, destination,
 * protocol and length; IPv6's 16-byte addresses, 32-bit length and next header (RFC 8200 8.1).
 * ICMPv4 has none (0).
 */
export function pseudoHeaderSumAt(data: Uint8Array, ipStart: number, version: 4 | 6, protocol: number, length: number): number {
  if (protocol === IPPROTO_ICMP) return 0;
  const [from, to] = version === 4 ? [ipStart + 12, ipStart + 20] : [ipStart + 8, ipStart + 40];
  let sum = 0;
  for (let i = from; i < to; i += 2) sum += u16(data, i);
  sum += protocol + (length >>> 16) + (length & 0xffff);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
