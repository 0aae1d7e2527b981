/** Reading and writing packet traces: the public API of harness/pcap. */
export { readPcapHeader, readPcapInfo, type PcapInfo } from './pcap-info.js';
export { PcapFormatError, type PcapFailure } from './pcap-format-error.js';
export { PcapReader, type PcapFormat, type PcapRecord } from './pcap-reader.js';
export { LINKTYPE_ETHERNET, PcapWriter, type PcapWriteSummary, type PcapWriterOptions } from './pcap-writer.js';
export {
  decodeEthernetFrame,
  decodeFrame,
  iteratePackets,
  type DecodedFrame,
  type DecodedIcmp,
  type DecodedIp,
  type DecodedIpv4,
  type DecodedIpv6,
  type DecodedPacket,
  type DecodedTcp,
  type DecodedUdp,
} from './decode-packet.js';
export { ConnectionPackets, icmpCounterpart, type ConnectionPacket } from './connection-packets.js';
export { TCP_FIN, TCP_RST, TCP_SYN } from './frame-builder.js';
