/**
 * Streaming reader for classic pcap (both byte orders; micro- and nanosecond, and the old
 * Kuznetzov "modified" variant) and pcapng (SHB/IDB/EPB/SPB and the obsolete Packet Block, per-interface
 * timestamp resolution and offset, several sections with their own byte order). It reads through a
 * fixed window, so a multi-GB trace costs constant memory.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { FileWindow } from './file-window.js';
import { PcapFormatError, type PcapFailure } from './pcap-format-error.js';

export type PcapFormat = 'pcap' | 'pcapng';

export interface PcapRecord {
  /** 0-based packet number. */
  index: number;
  /** File offset of the record header (pcap) or block (pcapng). */
  offset: number;
  interfaceId: number;
  linktype: number;
  /** Seconds since the epoch; undefined for pcapng Simple Packet Blocks, which carry no timestamp. */
  ts: number | undefined;
  caplen: number;
  origLen: number;
  /** A copy of the captured bytes, present only when asked for. */
  data?: Buffer;
}

interface PcapngInterface {
  linktype: number;
  snaplen: number;
  /** Timestamp units per second. */
  unitsPerSecond: number;
  offsetSeconds: number;
}

const PCAP_HEADER = 24;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BOM = 0x1a2b3c4d;
const BLOCK_IDB = 1;
const BLOCK_OPB = 2;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
/** libpcap's largest accepted capture length for a record. */
const MAX_CAPLEN = 262144;
/** Refuse blocks larger than this instead of allocating whatever a corrupt length field says. */
const MAX_BLOCK = 64 * 1024 * 1024;

const PCAP_MAGICS: ReadonlyMap<number, { le: boolean; nanos: boolean; modified: boolean }> = new Map([
  [0xa1b2c3d4, { le: true, nanos: false, modified: false }],
  [0xd4c3b2a1, { le: false, nanos: false, modified: false }],
  [0xa1b23c4d, { le: true, nanos: true, modified: false }],
  [0x4d3cb2a1, { le: false, nanos: true, modified: false }],
  [0xa1b2cd34, { le: true, nanos: false, modified: true }],
  [0x34cdb2a1, { le: false, nanos: false, modified: true }],
]);

export class PcapReader {
  /** Link type of the file header (pcap) or of the first interface (pcapng); -1 if a pcapng has none yet. */
  linktype = -1;
  private littleEndian = true;
  private nanos = false;
  private recordHeader = 16;
  private snaplen = MAX_CAPLEN;
  private interfaces: PcapngInterface[] = [];
  private index = 0;

  private constructor(
    readonly file: string,
    readonly format: PcapFormat,
    private readonly fh: FileHandle,
    private readonly win: FileWindow,
  ) {}

  /** Opens a trace and reads its file header. Throws PcapFormatError if it is neither pcap nor pcapng. */
  static async open(file: string): Promise<PcapReader> {
    const fh = await open(file, 'r');
    try {
      const win = new FileWindow(fh);
      await win.fill(PCAP_HEADER);
      const head = win.buf.subarray(win.pos, win.end);
      const format = sniffFormat(file, head);
      const reader = new PcapReader(file, format, fh, win);
      if (format === 'pcap') reader.readPcapHeader();
      else await reader.readPcapngPreamble();
      return reader;
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  /** The next packet, or undefined at the end of the file. */
  async next(withData = false): Promise<PcapRecord | undefined> {
    return this.format === 'pcap' ? this.nextPcap(withData) : this.nextPcapng(withData);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  private fail(offset: number, reason: string, kind: PcapFailure = 'corrupt'): never {
    throw new PcapFormatError(this.file, offset, reason, kind);
  }

  private u16(at: number): number {
    return this.littleEndian ? this.win.buf.readUInt16LE(at) : this.win.buf.readUInt16BE(at);
  }

  private u32(at: number): number {
    return this.littleEndian ? this.win.buf.readUInt32LE(at) : this.win.buf.readUInt32BE(at);
  }

  private readPcapHeader(): void {
    const { win } = this;
    if (win.available < PCAP_HEADER) {
      this.fail(win.available, `truncated pcap file header: ${win.available} of ${PCAP_HEADER} bytes`, 'truncated');
    }
    const p = win.pos;
    const variant = PCAP_MAGICS.get(win.buf.readUInt32LE(p));
    if (!variant) this.fail(0, 'bad pcap magic', 'not-a-trace');
    this.littleEndian = variant.le;
    this.nanos = variant.nanos;
    this.recordHeader = variant.modified ? 24 : 16;
    const major = this.u16(p + 4);
    if (major !== 2) this.fail(4, `unsupported pcap version ${major}.${this.u16(p + 6)} (expected 2.x)`, 'unsupported');
    this.snaplen = this.u32(p + 16);
    // The upper bits carry FCS information; the link type is the low 16 bits.
    this.linktype = this.u32(p + 20) & 0xffff;
    win.consume(PCAP_HEADER);
  }

  private async nextPcap(withData: boolean): Promise<PcapRecord | undefined> {
    const { win } = this;
    const offset = win.offset;
    if (!(await win.fill(this.recordHeader))) {
      if (win.available === 0) return undefined;
      this.fail(offset, truncated(this.index, win.available, this.recordHeader, 'record header'), 'truncated');
    }
    const p = win.pos;
    const sec = this.u32(p);
    const frac = this.u32(p + 4);
    const caplen = this.u32(p + 8);
    const origLen = this.u32(p + 12);
    if (caplen > Math.max(this.snaplen, MAX_CAPLEN)) {
      this.fail(offset, `packet ${this.index + 1} has an invalid capture length ${caplen} (larger than the snaplen ${this.snaplen}): ` + 'the file is corrupt');
    }
    if (!(await win.fill(this.recordHeader + caplen))) {
      this.fail(offset, truncated(this.index, win.available - this.recordHeader, caplen, 'packet data'), 'truncated');
    }
    const ts = sec + frac / (this.nanos ? 1e9 : 1e6);
    const dataAt = win.pos + this.recordHeader;
    const rec: PcapRecord = { index: this.index++, offset, interfaceId: 0, linktype: this.linktype, ts, caplen, origLen };
    if (withData) rec.data = Buffer.from(win.buf.subarray(dataAt, dataAt + caplen));
    win.consume(this.recordHeader + caplen);
    return rec;
  }

  /** Reads the first Section Header Block so that `linktype` is known before the first packet. */
  private async readPcapngPreamble(): Promise<void> {
    // Interface blocks normally follow the SHB directly; peek at them so linktype is set up front.
    await this.readBlock(true);
    while (this.interfaces.length === 0) {
      const before = this.win.offset;
      if (!(await this.win.fill(8))) return;
      const type = this.blockType();
      if (type !== BLOCK_IDB && type !== PCAPNG_SHB) return;
      await this.readBlock(true);
      if (this.win.offset === before) return;
    }
  }

  private blockType(): number {
    return this.u32(this.win.pos);
  }

  private async nextPcapng(withData: boolean): Promise<PcapRecord | undefined> {
    for (;;) {
      const rec = await this.readBlock(false, withData);
      if (rec === null) return undefined;
      if (rec !== undefined) return rec;
    }
  }

  /**
   * Reads one block. Returns a record for packet blocks, undefined for other blocks, null at the end.
   * With headersOnly, stops (returning undefined, consuming nothing) at the first packet block.
   */
  private async readBlock(headersOnly: boolean, withData = false): Promise<PcapRecord | undefined | null> {
    const { win } = this;
    const offset = win.offset;
    if (!(await win.fill(8))) {
      if (win.available === 0) return null;
      this.fail(offset, `the file ends inside a pcapng block header (${win.available} of 8 bytes)`, 'truncated');
    }
    let p = win.pos;
    if (win.buf.readUInt32LE(p) === PCAPNG_SHB) {
      // A new section may switch byte order: read the byte-order magic before the length.
      if (!(await win.fill(12))) this.fail(offset, 'the file ends inside a pcapng section header', 'truncated');
      p = win.pos;
      const bom = win.buf.readUInt32LE(p + 8);
      if (bom === PCAPNG_BOM) this.littleEndian = true;
      else if (bom === 0x4d3c2b1a) this.littleEndian = false;
      else this.fail(offset + 8, `bad pcapng byte-order magic 0x${bom.toString(16)}`, 'not-a-trace');
      this.interfaces = [];
    } else if (headersOnly && isPacketBlock(this.blockType())) {
      return undefined;
    }
    const type = this.blockType();
    const length = this.u32(p + 4);
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
      this.fail(offset, `invalid pcapng block length ${length} (block type 0x${type.toString(16)}): the file is corrupt`);
    }
    if (!(await win.fill(length))) {
      this.fail(
        offset,
        `the file ends inside a pcapng block (type 0x${type.toString(16)}, ${length} bytes, ` + `${win.available} present): the trace was cut short`,
        'truncated',
      );
    }
    p = win.pos;
    if (this.u32(p + length - 4) !== length) {
      this.fail(offset, `pcapng block at offset ${offset} has mismatched leading and trailing lengths: the file is corrupt`);
    }
    let rec: PcapRecord | undefined;
    switch (type) {
      case PCAPNG_SHB: {
        const major = this.u16(p + 12);
        if (major !== 1) this.fail(offset, `unsupported pcapng version ${major}.${this.u16(p + 14)} (expected 1.x)`, 'unsupported');
        break;
      }
      case BLOCK_IDB:
        this.readInterface(p, length, offset);
        break;
      case BLOCK_EPB:
      case BLOCK_OPB:
        rec = this.readTimedPacket(type, p, length, offset, withData);
        break;
      case BLOCK_SPB:
        rec = this.readSimplePacket(p, length, offset, withData);
        break;
      default:
        break; // name resolution, statistics, custom blocks: nothing the harness needs
    }
    win.consume(length);
    return rec;
  }

  private readInterface(p: number, length: number, offset: number): void {
    if (length < 20) this.fail(offset, `interface description block too short (${length} bytes)`);
    const iface: PcapngInterface = {
      linktype: this.u16(p + 8),
      snaplen: this.u32(p + 12),
      unitsPerSecond: 1e6,
      offsetSeconds: 0,
    };
    const buf = this.win.buf;
    let o = p + 16;
    const end = p + length - 4;
    while (o + 4 <= end) {
      const code = this.u16(o);
      const len = this.u16(o + 2);
      const v = o + 4;
      if (code === 0) break;
      if (v + len > end) this.fail(offset, 'interface description block option runs past the block');
      if (code === 9 && len >= 1) {
        // if_tsresol: high bit clear = negative power of 10, set = negative power of 2.
        const r = buf[v]!;
        iface.unitsPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
      } else if (code === 14 && len >= 8) {
        const hi = this.littleEndian ? buf.readInt32LE(v + 4) : buf.readInt32BE(v);
        const lo = this.littleEndian ? buf.readUInt32LE(v) : buf.readUInt32BE(v + 4);
        iface.offsetSeconds = hi * 4294967296 + lo;
      }
      o = v + len + ((4 - (len % 4)) % 4);
    }
    this.interfaces.push(iface);
    if (this.linktype === -1) this.linktype = iface.linktype;
  }

  private iface(id: number, offset: number): PcapngInterface {
    const iface = this.interfaces[id];
    if (!iface) {
      this.fail(offset, `packet ${this.index + 1} refers to interface ${id}, but only ${this.interfaces.length} are defined`);
    }
    return iface;
  }

  private readTimedPacket(type: number, p: number, length: number, offset: number, withData: boolean): PcapRecord {
    const epb = type === BLOCK_EPB;
    const fixed = 28; // EPB and OPB alike: 8 bytes of block header + 20 of fixed fields
    if (length < fixed + 4) this.fail(offset, `packet block too short (${length} bytes)`);
    const interfaceId = epb ? this.u32(p + 8) : this.u16(p + 8);
    const iface = this.iface(interfaceId, offset);
    const high = this.u32(p + 12);
    const low = this.u32(p + 16);
    const caplen = this.u32(p + 20);
    const origLen = this.u32(p + 24);
    if (fixed + caplen + 4 > length) {
      this.fail(offset, `packet ${this.index + 1}: captured length ${caplen} does not fit its ${length}-byte block`);
    }
    const ts = (high * 4294967296 + low) / iface.unitsPerSecond + iface.offsetSeconds;
    const rec: PcapRecord = { index: this.index++, offset, interfaceId, linktype: iface.linktype, ts, caplen, origLen };
    if (withData) rec.data = Buffer.from(this.win.buf.subarray(p + fixed, p + fixed + caplen));
    return rec;
  }

  private readSimplePacket(p: number, length: number, offset: number, withData: boolean): PcapRecord {
    const iface = this.iface(0, offset);
    const origLen = this.u32(p + 8);
    // An SPB has no captured-length field: it is the smaller of the original length and the snaplen.
    let caplen = Math.min(origLen, length - 16);
    if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
    const rec: PcapRecord = { index: this.index++, offset, interfaceId: 0, linktype: iface.linktype, ts: undefined, caplen, origLen };
    if (withData) rec.data = Buffer.from(this.win.buf.subarray(p + 12, p + 12 + caplen));
    return rec;
  }
}

function isPacketBlock(type: number): boolean {
  return type === BLOCK_EPB || type === BLOCK_SPB || type === BLOCK_OPB;
}

function truncated(index: number, got: number, want: number, what: string): string {
  return (
    `the file ends inside packet ${index + 1} (${what}: ${Math.max(got, 0)} of ${want} bytes): ` +
    'the trace was cut short while being written (libpcap reports this as a "truncated dump file")'
  );
}

function sniffFormat(file: string, head: Buffer): PcapFormat {
  if (head.length === 0) throw new PcapFormatError(file, 0, 'the file is empty, not a pcap or pcapng trace', 'not-a-trace');
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    throw new PcapFormatError(file, 0, 'the trace is gzip-compressed; Zeek cannot read compressed traces: decompress it first (gunzip -k FILE)', 'not-a-trace');
  }
  if (head.length >= 4) {
    const magic = head.readUInt32LE(0);
    if (magic === PCAPNG_SHB) return 'pcapng';
    if (PCAP_MAGICS.has(magic)) return 'pcap';
  }
  const shown = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new PcapFormatError(file, 0, `not a pcap or pcapng trace (starts with bytes ${shown}); Zeek would stop with "unknown file format"`, 'not-a-trace');
}
