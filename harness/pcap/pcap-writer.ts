/**
 * Streaming writer for classic libpcap files (little-endian, microsecond timestamps). Packets are
 * copied into a fixed-size chunk that is written out when full, so memory stays constant however
 * many packets are written. The SHA-256 of the file is computed on the way.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

export const LINKTYPE_ETHERNET = 1;
export const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;
const DEFAULT_SNAPLEN = 262144;
const CHUNK_SIZE = 1 << 20;

export interface PcapWriterOptions {
  linktype?: number;
  snaplen?: number;
}

export interface PcapWriteSummary {
  packets: number;
  /** Size of the file in bytes, headers included. */
  bytes: number;
  sha256: string;
  /** Seconds since the epoch; 0 when no packet was written. */
  firstTs: number;
  lastTs: number;
}

export class PcapWriter {
  private readonly chunk = Buffer.allocUnsafe(CHUNK_SIZE);
  private used = 0;
  private packets = 0;
  private bytes = 0;
  private firstUs = -1;
  private lastUs = -1;
  private readonly hash: Hash = createHash('sha256');
  private closed = false;

  private constructor(
    private readonly fh: FileHandle,
    private readonly snaplen: number,
  ) {}

  /** Creates (truncates) the file and writes the global header. */
  static async create(file: string, options: PcapWriterOptions = {}): Promise<PcapWriter> {
    const snaplen = options.snaplen ?? DEFAULT_SNAPLEN;
    if (!Number.isInteger(snaplen) || snaplen < 1 || snaplen > DEFAULT_SNAPLEN) {
      throw new Error(`PcapWriter: snaplen must be an integer from 1 to ${DEFAULT_SNAPLEN}, got ${snaplen}`);
    }
    const fh = await open(file, 'w');
    const w = new PcapWriter(fh, snaplen);
    const h = w.chunk;
    h.writeUInt32LE(PCAP_MAGIC_MICROS, 0);
    h.writeUInt16LE(2, 4); // version 2.4
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8); // thiszone: timestamps are UTC
    h.writeUInt32LE(0, 12); // sigfigs
    h.writeUInt32LE(snaplen, 16);
    h.writeUInt32LE(options.linktype ?? LINKTYPE_ETHERNET, 20);
    w.used = GLOBAL_HEADER;
    return w;
  }

  /**
   * Appends one packet at `tsMicros` (integer microseconds since the epoch). Synchronous; returns true
   * when the buffer is full and the caller should `await flush()` before adding more.
   */
  add(tsMicros: number, frame: Uint8Array): boolean {
    if (this.closed) throw new Error('PcapWriter: add() after close()');
    if (!Number.isSafeInteger(tsMicros) || tsMicros < 0) {
      throw new Error(`PcapWriter: timestamp must be a non-negative integer of microseconds, got ${tsMicros}`);
    }
    const caplen = Math.min(frame.length, this.snaplen);
    const need = RECORD_HEADER + caplen;
    if (this.used + need > CHUNK_SIZE) {
      throw new Error('PcapWriter: buffer full; await flush() when add() returns true');
    }
    const c = this.chunk;
    const sec = Math.floor(tsMicros / 1e6);
    c.writeUInt32LE(sec, this.used);
    c.writeUInt32LE(tsMicros - sec * 1e6, this.used + 4);
    c.writeUInt32LE(caplen, this.used + 8);
    c.writeUInt32LE(frame.length, this.used + 12);
    c.set(caplen === frame.length ? frame : frame.subarray(0, caplen), this.used + RECORD_HEADER);
    this.used += need;
    this.packets++;
    if (this.firstUs < 0) this.firstUs = tsMicros;
    this.lastUs = tsMicros;
    // Leave room for one maximum-size record so the next add() always fits.
    return this.used > CHUNK_SIZE - (RECORD_HEADER + this.snaplen);
  }

  /** Adds a packet and flushes when needed: the convenient form when speed does not matter. */
  async write(tsMicros: number, frame: Uint8Array): Promise<void> {
    if (this.add(tsMicros, frame)) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const data = this.chunk.subarray(0, this.used);
    this.hash.update(data);
    let off = 0;
    while (off < data.length) {
      const { bytesWritten } = await this.fh.write(data, off, data.length - off);
      off += bytesWritten;
    }
    this.bytes += data.length;
    this.used = 0;
  }

  /** Flushes, closes the file and returns what was written. */
  async close(): Promise<PcapWriteSummary> {
    if (this.closed) throw new Error('PcapWriter: close() called twice');
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.fh.close();
    }
    return {
      packets: this.packets,
      bytes: this.bytes,
      sha256: this.hash.digest('hex'),
      firstTs: this.firstUs < 0 ? 0 : this.firstUs / 1e6,
      lastTs: this.lastUs < 0 ? 0 : this.lastUs / 1e6,
    };
  }

  /** Closes the file without finishing it, for error paths; the caller removes the file. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }
}
