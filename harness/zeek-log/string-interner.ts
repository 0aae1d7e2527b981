import { grown } from '../util/grown.js';
import { sameBytes } from '../util/same-bytes.js';

/**
 * Maps the strings of a my_stats log (a few nodes, ~50 modules, ~300 variables repeated millions
 * of times) to small integer ids. Raw field bytes are hashed while scanning and looked up without
 * creating a JS string, which is what lets the reader outrun awk; a string is built once per
 * distinct raw value.
 */
export class StringTable {
  readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();

  idOf(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
}

const EMPTY_ID = -1;

export class ByteInterner {
  private slots = new Int32Array(1024).fill(EMPTY_ID);
  // Typed arrays: hashes are full int32s, which a plain array would box as doubles.
  private hashes = new Int32Array(512);
  private starts = new Int32Array(512);
  private lengths = new Int32Array(512);
  private values = new Int32Array(512);
  private count = 0;
  private store = Buffer.allocUnsafe(1 << 16);
  private storeView = new DataView(this.store.buffer, this.store.byteOffset, this.store.length);
  private storeUsed = 0;

  constructor(
    readonly table: StringTable,
    /** Raw field text -> value (unescaping, the empty marker); called once per distinct raw value. */
    private readonly decode: (raw: string) => string,
  ) {}

  /** The id an entry stands for. */
  idOfEntry(entry: number): number {
    return this.values[entry] as number;
  }

  /**
   * Whether the field at buf[start] is exactly this entry's bytes followed by a tab or newline;
   * returns the field length, or -1. Lets a caller confirm a guessed value in one pass.
   */
  matchAt(entry: number, buf: Buffer, view: DataView, start: number): number {
    const len = this.lengths[entry] as number;
    const end = start + len;
    if (end >= buf.length) return -1;
    const after = buf[end];
    if (after !== 9 && after !== 10) return -1;
    return sameBytes(this.storeView, this.starts[entry] as number, view, start, len) ? len : -1;
  }

  /** Id for buf[start, end) whose hash the caller computed while scanning. */
  lookup(buf: Buffer, view: DataView, start: number, end: number, hash: number): number {
    // Look up first: an insert may replace this.values with a bigger array.
    const entry = this.lookupEntry(buf, view, start, end, hash);
    return this.values[entry] as number;
  }

  /** Like lookup, but the entry (for matchAt); entries are never reused or moved. */
  lookupEntry(buf: Buffer, view: DataView, start: number, end: number, rawHash: number): number {
    const hash = rawHash | 0; // stored in an Int32Array: compare as int32
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number;
      if (entry === EMPTY_ID) return this.insert(slot, buf, start, end, hash);
      if (this.hashes[entry] === hash && this.lengths[entry] === len && sameBytes(this.storeView, this.starts[entry] as number, view, start, len)) {
        return entry;
      }
    }
  }

  private insert(slot: number, buf: Buffer, start: number, end: number, hash: number): number {
    const len = end - start;
    if (this.storeUsed + len > this.store.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.store.length * 2, this.storeUsed + len));
      this.store.copy(bigger, 0, 0, this.storeUsed);
      this.store = bigger;
      this.storeView = new DataView(bigger.buffer, bigger.byteOffset, bigger.length);
    }
    buf.copy(this.store, this.storeUsed, start, end);
    if (this.count === this.hashes.length) this.growEntries();
    const entry = this.count++;
    this.hashes[entry] = hash;
    this.starts[entry] = this.storeUsed;
    this.lengths[entry] = len;
    const id = this.table.idOf(this.decode(buf.toString('utf8', start, end)));
    this.values[entry] = id;
    this.storeUsed += len;
    this.slots[slot] = entry;
    if (this.count * 2 > this.slots.length) this.rehash();
    return entry;
  }

  private growEntries(): void {
    const size = this.hashes.length * 2;
    this.hashes = grown(this.hashes, size);
    this.starts = grown(this.starts, size);
    this.lengths = grown(this.lengths, size);
    this.values = grown(this.values, size);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY_ID);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = (this.hashes[entry] as number) & mask;
      while (slots[slot] !== EMPTY_ID) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}
