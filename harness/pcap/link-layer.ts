/**
 * The link layer of a captured packet, walked as Zeek 8's packet analyzers walk it
 * (scripts/base/packet-protocols): which bytes are the IP header that Zeek's IP analyzer is handed.
 *
 * - Ethernet (1): EtherType 0x0800/0x86dd is IP; a VLAN tag (0x8100, 0x88a8 or 0x9100) may come
 *   first, and inside a tag only 0x8100 starts another one (Zeek's VLAN analyzer dispatches no other
 *   tag type), so QinQ is 0x88a8/0x9100/0x8100 outside, 0x8100 inside.
 * - BSD loopback / null (0): a 4-byte address family, read little-endian as Zeek does; 2, 24, 28
 *   and 30 (AF_INET and the BSDs' AF_INET6 values) are IP.
 * - Linux cooked capture v1 (113, 16-byte header, protocol at 14) and v2 (276, 20 bytes, protocol at
 *   0): EtherType as for Ethernet.
 * - Every other link type: raw IP, because Zeek's root analyzer falls back to its IP analyzer for a
 *   link type it has no analyzer for (PacketAnalyzer::ROOT::default_analyzer). This covers
 *   LINKTYPE_RAW (101, also 12/14) and IPv4/IPv6 (228/229); OpenBSD loopback (108) is not special
 *   to Zeek, so its 4-byte header fails the IP version check there as it does here.
 * - Link types Zeek has its own analyzer for but this module does not decode (FDDI, 802.11,
 *   radiotap, NFLOG, PPP) give no IP layer.
 */
import { u16 } from './read-bytes.js';
import { LINKTYPE_ETHERNET } from './pcap-writer.js';
import { ETHERTYPE_IPV4 } from './frame-builder.js';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_QINQ = 0x88a8;
export const ETHERTYPE_QINQ_OLD = 0x9100;

const OUTER_TAGS = new Set([ETHERTYPE_VLAN, ETHERTYPE_QINQ, ETHERTYPE_QINQ_OLD]);
const NULL_IP_FAMILIES = new Set([2, 24, 28, 30]);
/** DLT_FDDI, DLT_PPP_SERIAL, DLT_IEEE802_11, DLT_IEEE802_11_RADIO, DLT_NFLOG, DLT_PPP. */
const OTHER_ZEEK_LINK_ANALYZERS = new Set([10, 50, 105, 127, 239, 9]);

export interface LinkLayer {
  /** Ethernet addresses; '' where the link layer has none. */
  srcMac: string;
  dstMac: string;
  /** VLAN ids, outermost first. */
  vlans: number[];
  /** The EtherType (or the cooked header's protocol); -1 where the link layer has none. */
  etherType: number;
  /** Where the IP header starts; undefined when the link layer does not carry IP. */
  ipStart: number | undefined;
}

/** `macs: false` leaves the Ethernet addresses '' (they cost more to format than the rest to decode). */
export function decodeLinkLayer(linktype: number, data: Uint8Array, macs = true): LinkLayer {
  const none: LinkLayer = { srcMac: '', dstMac: '', vlans: [], etherType: -1, ipStart: undefined };
  switch (linktype) {
    case LINKTYPE_ETHERNET:
      return data.length < 14 ? none : ethernet(data, macs);
    case LINKTYPE_NULL: {
      if (data.length <= 4) return none;
      const family = (data[0]! | (data[1]! << 8) | (data[2]! << 16) | (data[3]! << 24)) >>> 0;
      return { ...none, ipStart: NULL_IP_FAMILIES.has(family) ? 4 : undefined };
    }
    case LINKTYPE_LINUX_SLL:
      return data.length < 16 ? none : byEtherType(none, u16(data, 14), 16);
    case LINKTYPE_LINUX_SLL2:
      return data.length < 20 ? none : byEtherType(none, u16(data, 0), 20);
    default:
      return OTHER_ZEEK_LINK_ANALYZERS.has(linktype) ? none : { ...none, ipStart: 0 };
  }
}

function ethernet(data: Uint8Array, macs: boolean): LinkLayer {
  const frame: LinkLayer = {
    dstMac: macs ? mac(data, 0) : '',
    srcMac: macs ? mac(data, 6) : '',
    vlans: [],
    etherType: u16(data, 12),
    ipStart: undefined,
  };
  let at = 14;
  let tags = OUTER_TAGS;
  while (tags.has(frame.etherType)) {
    if (at + 4 > data.length) return frame;
    frame.vlans.push(u16(data, at) & 0x0fff);
    frame.etherType = u16(data, at + 2);
    at += 4;
    tags = INNER_TAGS;
  }
  return byEtherType(frame, frame.etherType, at);
}

const INNER_TAGS = new Set([ETHERTYPE_VLAN]);

function byEtherType(frame: LinkLayer, etherType: number, at: number): LinkLayer {
  const ip = etherType === ETHERTYPE_IPV4 || etherType === ETHERTYPE_IPV6;
  return { ...frame, etherType, ipStart: ip ? at : undefined };
}

function mac(data: Uint8Array, at: number): string {
  return Array.from(data.subarray(at, at + 6), (b) => b.toString(16).padStart(2, '0')).join(':');
}
