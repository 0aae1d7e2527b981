/**
 * A dump's footprints by name, stored as one typed array per dump. Dump after dump a node logs the
 * same variables in the same order, so the names and their slots (the layout) are shared by every
 * dump that has that order; a dump costs 4 bytes per variable (8 where a footprint is beyond 32
 * bits) instead of a Map entry per variable. `--dumps all` over a long history keeps tens of
 * thousands of dumps: as Maps of 300 entries they took gigabytes.
 */
export class FootprintLayout {
  /** Per row of the dumps with this layout: the slot its value goes to (a variable logged twice keeps its last value, as Map.set did). */
  readonly rowSlot: Int32Array;
  readonly names: string[] = [];
  readonly slots = new Map<string, number>();

  constructor(
    /** The rows' variable ids, in logged order: what a later dump must repeat to share the layout. */
    readonly rowIds: Int32Array,
    idName: (id: number) => string,
  ) {
    this.rowSlot = new Int32Array(rowIds.length);
    rowIds.forEach((id, i) => {
      const name = idName(id);
      let slot = this.slots.get(name);
      if (slot === undefined) {
        slot = this.names.length;
        this.names.push(name);
        this.slots.set(name, slot);
      }
      this.rowSlot[i] = slot;
    });
  }

  /** Whether rows 0..length-1 of `ids` are this layout's rows. */
  fits(ids: Int32Array, length: number): boolean {
    if (length !== this.rowIds.length) return false;
    for (let i = 0; i < length; i++) if (ids[i] !== this.rowIds[i]) return false;
    return true;
  }

  /**
   * The footprints of rows 0..length-1 of `sizes` (rows laid out as this layout's). Footprints are
   * counts of values, which all but always fit 32 bits: then 4 bytes each, else 8.
   */
  footprints(sizes: Float64Array): CompactFootprints {
    const n = this.rowSlot.length;
    let whole = true;
    for (let i = 0; i < n && whole; i++) {
      const v = sizes[i] as number;
      whole = v >>> 0 === v && !Object.is(v, -0);
    }
    const values = whole ? new Uint32Array(this.names.length) : new Float64Array(this.names.length);
    for (let i = 0; i < n; i++) values[this.rowSlot[i] as number] = sizes[i] as number;
    return new CompactFootprints(this, values);
  }
}

/** Its storage is in private fields, so that equality (jest's, say) sees only the entries, as for a Map. */
export class CompactFootprints implements ReadonlyMap<string, number> {
  readonly #layout: FootprintLayout;
  readonly #sizes: Float64Array | Uint32Array;

  constructor(layout: FootprintLayout, sizes: Float64Array | Uint32Array) {
    this.#layout = layout;
    this.#sizes = sizes;
  }

  get size(): number {
    return this.#layout.names.length;
  }

  get(name: string): number | undefined {
    const slot = this.#layout.slots.get(name);
    return slot === undefined ? undefined : this.#sizes[slot];
  }

  has(name: string): boolean {
    return this.#layout.slots.has(name);
  }

  *entries(): MapIterator<[string, number]> {
    const { names } = this.#layout;
    for (let i = 0; i < names.length; i++) yield [names[i] as string, this.#sizes[i] as number];
  }

  keys(): MapIterator<string> {
    return this.#layout.names.values();
  }

  *values(): MapIterator<number> {
    for (let i = 0; i < this.#layout.names.length; i++) yield this.#sizes[i] as number;
  }

  forEach(fn: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  /** What a dump's footprints look like in JSON and in test failures: an object by name. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.entries());
  }
}
