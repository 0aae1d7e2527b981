import type { FileHandle } from 'node:fs/promises';
import { EnvironmentError } from '../errors.js';
import { openRegularLog } from './open-log-bytes.js';

/** Whole lines of a plain file, [start, end) in bytes; `atStart` when nothing is left before them. */
export interface TailBlock {
  start: number;
  end: number;
  bytes: Buffer;
  atStart: boolean;
  /** The block ends at the end of the file (it may end in a line without its newline). */
  atEnd: boolean;
}

const FIRST_BLOCK = 1 << 20;
const MAX_BLOCK = 16 << 20;
const MAX_ESTIMATE = 64 << 20;

/**
 * Reads a plain (uncompressed) file backwards, in blocks of whole lines: the first block is the
 * last MiB, each further one ends where the one before began and is twice as big (up to 16 MiB),
 * so reading back N bytes takes about log N reads. `dataStart` is where lines begin (after the
 * header block): no block reaches before it.
 */
export class TailBlocks {
  private end: number;
  private fileSize = 0;
  private size = FIRST_BLOCK;
  private handle: FileHandle | undefined;

  private constructor(
    readonly file: string,
    private readonly dataStart: number,
    firstBlock: number,
  ) {
    this.end = 0;
    this.size = firstBlock;
  }

  static async open(file: string, dataStart: number, firstBlock = FIRST_BLOCK): Promise<TailBlocks> {
    const t = new TailBlocks(file, dataStart, firstBlock);
    t.handle = await openRegularLog(file);
    try {
      // A live log grows while it is read: what was there when it was opened is read.
      t.fileSize = (await t.handle.stat()).size;
      t.end = t.fileSize;
    } catch (e) {
      await t.close();
      throw new EnvironmentError(`cannot read: ${(e as Error).message}`, { file });
    }
    return t;
  }

  /** Bytes of lines not read yet (between the header and the last block). */
  get remaining(): number {
    return Math.max(0, this.end - this.dataStart);
  }

  /**
   * The next block back, or undefined once the data's beginning was reached. `atLeast`: the
   * caller's estimate of the bytes it still needs (up to 64 MiB), read in this one block.
   */
  async previous(atLeast = 0): Promise<TailBlock | undefined> {
    if (this.end <= this.dataStart || this.handle === undefined) return undefined;
    const atEnd = this.end === this.fileSize;
    this.size = Math.max(this.size, Math.min(Math.ceil(atLeast), MAX_ESTIMATE));
    const from = Math.max(this.dataStart, this.end - this.size);
    const buf = Buffer.allocUnsafe(this.end - from);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await this.handle.read(buf, got, buf.length - got, from + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    let start = from;
    let bytes = buf.subarray(0, got);
    if (from > this.dataStart) {
      // The block begins mid-line: its first (partial) line goes with the next block back.
      const nl = bytes.indexOf(0x0a);
      if (nl < 0 || nl === bytes.length - 1) {
        // No whole line in it (one line longer than the block): take a bigger one.
        this.size *= 2;
        return this.previous(atLeast);
      }
      start = from + nl + 1;
      bytes = bytes.subarray(nl + 1);
    }
    const block = { start, end: this.end, bytes, atStart: start <= this.dataStart, atEnd };
    this.end = start;
    this.size = Math.min(this.size * 2, MAX_BLOCK);
    return block;
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
  }
}
