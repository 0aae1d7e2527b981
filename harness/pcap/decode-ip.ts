/**
 * IPv4 and IPv6 headers, with IPv6's extension-header chain walked as Zeek's IP_Hdr walks it
 * (hop-by-hop, routing, destination options, fragment, AH; ESP and mobility end the chain because
 * what follows cannot be, or is not, a transport header). Lengths come from the header, not from the
 * capture: trailing Ethernet padding is not IP payload, and a packet captured short still says how
 * long it was.
 */
import { u16, u32 } from './read-bytes.js';
import { ipv4Text, ipv6TextAt } from '../util/ip-address.js';

export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_ESP = 50;
export const IPPROTO_AH = 51;
export const IPPROTO_NONE = 59;
export const IPPROTO_DSTOPTS = 60;
export const IPPROTO_MOBILITY = 135;

/** What both IP versions have, as Zeek's IP_Hdr reports it. */
export interface DecodedIpCommon {
  version: 4 | 6;
  src: string;
  dst: string;
  /** The protocol of the payload: for IPv6 the last next-header of the extension chain. */
  protocol: number;
  /** Bytes of IP the header declares, header included (IPv6: 40 + payload length). */
  totalLength: number;
  /** Bytes of header before the payload (IPv6: the fixed header and every extension header). */
  headerLength: number;
  /** Fragment fields when this packet is a fragment; undefined for a whole datagram. */
  fragment?: IpFragment;
}

export interface IpFragment {
  id: number;
  /** Byte offset of this fragment's data in the datagram. */
  offset: number;
  more: boolean;
  /** Where the fragment's data starts, counted from the IP header (IPv6: just past the fragment header). */
  dataStart: number;
  /** The protocol of the datagram's first fragmentable header (IPv6: the fragment header's next header). */
  protocol: number;
}

export interface DecodedIpv4 extends DecodedIpCommon {
  version: 4;
  ttl: number;
  id: number;
  dontFragment: boolean;
  moreFragments: boolean;
  fragmentOffset: number;
  headerChecksumOk: boolean;
}

export interface DecodedIpv6 extends DecodedIpCommon {
  version: 6;
  hopLimit: number;
  /** The next-header values of the extension headers, in order. */
  extensionHeaders: number[];
}

export type DecodedIp = DecodedIpv4 | DecodedIpv6;

/** Decodes the IP header at `at`; undefined when there is no complete IPv4/IPv6 header there. */
export function decodeIp(data: Uint8Array, at: number): DecodedIp | undefined {
  if (data.length < at + 20) return undefined;
  const version = data[at]! >> 4;
  if (version === 4) return ipv4(data, at);
  if (version === 6) return ipv6(data, at);
  return undefined;
}

function ipv4(data: Uint8Array, o: number): DecodedIpv4 | undefined {
  const headerLength = (data[o]! & 0x0f) * 4;
  if (headerLength < 20 || o + headerLength > data.length) return undefined;
  const fragField = u16(data, o + 6);
  const id = u16(data, o + 4);
  const moreFragments = (fragField & 0x2000) !== 0;
  const fragmentOffset = (fragField & 0x1fff) * 8;
  return {
    version: 4,
    src: ipv4Text(data.subarray(o + 12, o + 16)),
    dst: ipv4Text(data.subarray(o + 16, o + 20)),
    protocol: data[o + 9]!,
    totalLength: u16(data, o + 2),
    headerLength,
    ...(moreFragments || fragmentOffset > 0
      ? { fragment: { id, offset: fragmentOffset, more: moreFragments, dataStart: headerLength, protocol: data[o + 9]! } }
      : {}),
    ttl: data[o + 8]!,
    id,
    dontFragment: (fragField & 0x4000) !== 0,
    moreFragments,
    fragmentOffset,
    headerChecksumOk: receiverSum(data, o, o + headerLength, 0) === 0xffff,
  };
}

function ipv6(data: Uint8Array, o: number): DecodedIpv6 | undefined {
  if (data.length < o + 40) return undefined;
  const chain = walkExtensions(data, o + 40, data[o + 6]!);
  if (!chain) return undefined;
  return {
    version: 6,
    src: ipv6TextAt(data, o + 8),
    dst: ipv6TextAt(data, o + 24),
    protocol: chain.protocol,
    totalLength: 40 + u16(data, o + 4),
    headerLength: chain.end - o,
    ...(chain.fragment ? { fragment: { ...chain.fragment, dataStart: chain.fragment.dataStart - o } } : {}),
    hopLimit: data[o + 7]!,
    extensionHeaders: chain.headers,
  };
}

export interface ExtensionChain {
  protocol: number;
  /** Offset just past the last extension header. */
  end: number;
  headers: number[];
  /** dataStart is an offset in `data` here. */
  fragment?: IpFragment;
}

/**
 * Walks IPv6 extension headers from `at`, whose type is `next`. Past a fragment header of a
 * non-first fragment nothing is a header any more (the rest is the middle of a datagram), so the
 * walk stops there. Undefined when a header runs past the captured bytes.
 */
export function walkExtensions(data: Uint8Array, at: number, next: number): ExtensionChain | undefined {
  const chain: ExtensionChain = { protocol: next, end: at, headers: [] };
  for (;;) {
    const type = chain.protocol;
    let length: number;
    if (type === IPPROTO_HOPOPTS || type === IPPROTO_ROUTING || type === IPPROTO_DSTOPTS) {
      if (chain.end + 2 > data.length) return undefined;
      length = (data[chain.end + 1]! + 1) * 8;
    } else if (type === IPPROTO_AH) {
      if (chain.end + 2 > data.length) return undefined;
      length = (data[chain.end + 1]! + 2) * 4;
    } else if (type === IPPROTO_FRAGMENT) {
      length = 8;
    } else {
      return chain;
    }
    if (chain.end + length > data.length) return undefined;
    chain.headers.push(type);
    const nextHeader = data[chain.end]!;
    if (type === IPPROTO_FRAGMENT) {
      const field = u16(data, chain.end + 2);
      chain.fragment = {
        id: u32(data, chain.end + 4),
        offset: field & 0xfff8,
        more: (field & 1) === 1,
        dataStart: chain.end + length,
        protocol: nextHeader,
      };
      chain.protocol = nextHeader;
      chain.end += length;
      if (chain.fragment.offset > 0) return chain;
      continue;
    }
    chain.protocol = nextHeader;
    chain.end += length;
  }
}

/**
 * Byte-at-a-time one's-complement sum with end-around carry, folded to 16 bits: checks the
 * receiver's way (the sum over the data including the checksum field must be 0xffff), written apart
 * from internet-checksum.ts so tests that decode generated traces do not just repeat the builder.
 */
export function receiverSum(data: Uint8Array, start: number, end: number, initial: number): number {
  let sum = initial;
  for (let i = start; i < end; i++) {
    sum += (i - start) % 2 === 0 ? data[i]! * 256 : data[i]!;
    if (sum > 0xffff) sum = (sum & 0xffff) + 1;
  }
  return sum;
}
