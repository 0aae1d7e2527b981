/** A one-pass summary of a trace, for reports and to check a file really is a trace before running zeek. */
import { stat } from 'node:fs/promises';
import { PcapReader, type PcapFormat } from './pcap-reader.js';

export interface PcapInfo {
  format: PcapFormat;
  /** Link type of the file (pcap) or of its first interface (pcapng); -1 if a pcapng declares none. */
  linktype: number;
  packets: number;
  /** Earliest and latest packet timestamp in seconds since the epoch (0 and 0 without timestamps). */
  firstTs: number;
  lastTs: number;
  /** Size of the file in bytes. */
  bytes: number;
  /** Sum of the captured packet lengths. */
  dataBytes: number;
}

/**
 * Reads only the file header (and a pcapng's first interface blocks): a cheap check that a file is a
 * trace Zeek can open, for traces too large to read through just to validate them. Throws like
 * readPcapInfo.
 */
export async function readPcapHeader(file: string): Promise<{ format: PcapFormat; linktype: number }> {
  const reader = await PcapReader.open(file);
  try {
    return { format: reader.format, linktype: reader.linktype };
  } finally {
    await reader.close();
  }
}

/**
 * Reads a pcap or pcapng file through once (constant memory). Throws PcapFormatError for a file that is
 * not a trace (gzip, text, truncated, corrupt) and the usual fs errors (ENOENT...) for unreadable ones.
 */
export async function readPcapInfo(file: string): Promise<PcapInfo> {
  const reader = await PcapReader.open(file);
  try {
    let packets = 0;
    let dataBytes = 0;
    let first = Infinity;
    let last = -Infinity;
    for (let rec = await reader.next(); rec; rec = await reader.next()) {
      packets++;
      dataBytes += rec.caplen;
      // Traces are not always in order; the span is what matters for how many timers fire.
      if (rec.ts !== undefined) {
        if (rec.ts < first) first = rec.ts;
        if (rec.ts > last) last = rec.ts;
      }
    }
    const { size } = await stat(file);
    return {
      format: reader.format,
      linktype: reader.linktype,
      packets,
      firstTs: Number.isFinite(first) ? first : 0,
      lastTs: Number.isFinite(last) ? last : 0,
      bytes: size,
      dataBytes,
    };
  } finally {
    await reader.close();
  }
}
