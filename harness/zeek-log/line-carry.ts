import { failure } from '../messages.js';

/** The longest line the readers accept: Zeek writes one record per line, and no record is this big. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * The start of a line that a chunk did not finish, kept for the chunks that continue it. Bytes go
 * into one buffer that doubles when full, so a line spread over k chunks costs O(its length) in
 * copies, not O(k x length) as concatenating per chunk would; past `maxBytes` the log is refused
 * (a file without newlines would otherwise be held whole).
 */
export class LineCarry {
  private buf: Buffer = Buffer.alloc(0);
  private size = 0;
  /** Bytes copied so far (appends and regrowths): what framing a long line cost. */
  copiedBytes = 0;

  constructor(
    private readonly file: string,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  get length(): number {
    return this.size;
  }

  /**
   * Appends bytes [start, end) of `chunk` (copied: the stream may reuse the chunk's memory).
   * `lineNo` is the number of the line being carried, for the error past the limit.
   */
  append(chunk: Buffer, start: number, end: number, lineNo: number): void {
    const n = end - start;
    if (n <= 0) return;
    if (this.size + n > this.maxBytes) {
      throw failure('logLineTooLong', { file: this.file, line: lineNo }, formatLimit(this.maxBytes));
    }
    if (this.size + n > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.maxBytes, Math.max(this.size + n, 2 * this.buf.length, 4096)));
      this.buf.copy(grown, 0, 0, this.size);
      this.copiedBytes += this.size;
      this.buf = grown;
    }
    chunk.copy(this.buf, this.size, start, end);
    this.size += n;
    this.copiedBytes += n;
  }

  /** The carried bytes (valid until the next append or clear). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.size);
  }

  clear(): void {
    this.size = 0;
    // A one-off long line should not pin its buffer for the rest of the file.
    if (this.buf.length > 1 << 20) this.buf = Buffer.alloc(0);
  }
}

function formatLimit(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
