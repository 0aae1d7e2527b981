import { grown } from '../util/grown.js';
import { sameBytes } from '../util/same-bytes.js';

const NONE = -1;
/** Past this much text the tails are forgotten and learnt again: variables whose module keeps changing cannot grow it without bound. */
const MAX_STORE = 1 << 20;

/**
 * Per variable (an interner entry), the bytes its last row held from the module column up to the
 * size column (`Conn\tConn::state\t`), and that row's module entry. A dump of either package logs
 * its variables in the same order dump after dump, so the scanner, guessing the next row's
 * variable, confirms module and variable with one comparison of these bytes instead of two fields.
 */
export class RowTails {
  private store = Buffer.alloc(1 << 14);
  private storeView = new DataView(this.store.buffer, this.store.byteOffset, this.store.length);
  private used = 0;
  private starts = new Int32Array(256).fill(NONE);
  private lengths = new Int32Array(256);
  private modules = new Int32Array(256);

  /** Whether buf at p holds the tail of `variable`: its length, or -1. */
  matchAt(variable: number, buf: Buffer, view: DataView, p: number): number {
    if (variable >= this.starts.length) return -1;
    const s = this.starts[variable] as number;
    if (s === NONE) return -1;
    const len = this.lengths[variable] as number;
    if (p + len >= buf.length) return -1;
    return sameBytes(this.storeView, s, view, p, len) ? len : -1;
  }

  /** The module entry the tail of `variable` was logged with. */
  moduleOf(variable: number): number {
    return this.modules[variable] as number;
  }

  /** Remembers buf[start, end) as the tail of `variable`, logged with `module`. */
  set(variable: number, module: number, buf: Buffer, start: number, end: number): void {
    if (variable >= this.starts.length) this.grow(variable + 1);
    const len = end - start;
    let s = this.starts[variable] as number;
    // The same module and variable entries are the same bytes.
    if (s !== NONE && this.modules[variable] === module) return;
    if (s === NONE || (this.lengths[variable] as number) < len) {
      if (this.used + len > this.store.length) this.makeRoom(len);
      s = this.used;
      this.used += len;
    }
    buf.copy(this.store, s, start, end);
    this.starts[variable] = s;
    this.lengths[variable] = len;
    this.modules[variable] = module;
  }

  private makeRoom(len: number): void {
    if (this.store.length >= MAX_STORE) {
      this.starts.fill(NONE);
      this.used = 0;
      if (len <= this.store.length) return;
    }
    const bigger = Buffer.alloc(Math.max(this.store.length * 2, this.used + len));
    this.store.copy(bigger, 0, 0, this.used);
    this.store = bigger;
    this.storeView = new DataView(bigger.buffer, bigger.byteOffset, bigger.length);
  }

  private grow(n: number): void {
    const size = Math.max(n, this.starts.length * 2);
    this.starts = grown(this.starts, size, NONE);
    this.lengths = grown(this.lengths, size);
    this.modules = grown(this.modules, size);
  }
}
