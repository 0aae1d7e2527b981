/**
 * A sliding read window over a file: callers ask for the next n bytes and consume them, the window
 * refills with large positional reads. Memory is one buffer that only grows for a record larger than it.
 */
import type { FileHandle } from 'node:fs/promises';

const INITIAL_SIZE = 1 << 20;

export class FileWindow {
  buf: Buffer = Buffer.allocUnsafe(INITIAL_SIZE);
  /** Index in buf of the current position. */
  pos = 0;
  /** Index in buf one past the last valid byte. */
  end = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private eof = false;

  constructor(private readonly fh: FileHandle) {}

  /** File offset of the current position. */
  get offset(): number {
    return this.base + this.pos;
  }

  get available(): number {
    return this.end - this.pos;
  }

  /** Makes n bytes available at pos; false if the file ends first (then `available` says how many there are). */
  async fill(n: number): Promise<boolean> {
    if (this.end - this.pos >= n) return true;
    if (this.pos > 0) {
      this.buf.copy(this.buf, 0, this.pos, this.end);
      this.base += this.pos;
      this.end -= this.pos;
      this.pos = 0;
    }
    if (n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.end);
      this.buf = bigger;
    }
    while (this.end < n && !this.eof) {
      const { bytesRead } = await this.fh.read(this.buf, this.end, this.buf.length - this.end, this.base + this.end);
      if (bytesRead === 0) this.eof = true;
      this.end += bytesRead;
    }
    return this.end - this.pos >= n;
  }

  consume(n: number): void {
    this.pos += n;
  }

  /** True when every byte of the file has been consumed. */
  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }
}
