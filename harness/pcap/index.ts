/** Reading and writing packet traces: the public API of harness/pcap. */
export { readPcapHeader, readPcapInfo, type PcapInfo } from './pcap-info.js';
export { PcapFormatError, type PcapFailure } from './pcap-format-error.js';
export { PcapReader, type PcapFormat, type PcapRecord } from './pcap-reader.js';
export { LINKTYPE_ETHERNET, PcapWriter, type PcapWriteSummary, type PcapWriterOptions } from './pcap-writer.js';
export { decodeEthernetFrame, iteratePackets, type DecodedFrame, type DecodedPacket } from './decode-packet.js';
