/**
 * The footprints of many dumps of one node, stored as numbers: a column per variable (its name
 * once, in the table), per dump a Float64Array of values and the order they were logged in. About
 * 10 bytes a footprint instead of a Map entry's 50-80: `--dumps all` over a long history holds every
 * dump, and that is what fills memory.
 */
export class FootprintTable {
  private readonly columns = new Map<string, number>();
  readonly names: string[] = [];

  /** A new dump's footprints (empty), stored in this table. */
  row(): TableRow {
    return new TableRow(this);
  }

  column(variable: string): number {
    let c = this.columns.get(variable);
    if (c === undefined) {
      c = this.names.length;
      this.names.push(variable);
      this.columns.set(variable, c);
    }
    return c;
  }

  find(variable: string): number | undefined {
    return this.columns.get(variable);
  }
}

/**
 * One dump's footprints: a Map of variable -> footprint to every reader (iteration in the order
 * they were set, as a Map's), kept in its table's columns. Deleting is not needed by anyone and
 * not offered.
 */
export class TableRow extends Map<string, number> {
  private sizes = new Float64Array(0);
  private order = new Uint16Array(0);
  private count = 0;

  constructor(private readonly table: FootprintTable) {
    super();
  }

  override get size(): number {
    return this.count;
  }

  override get(variable: string): number | undefined {
    const c = this.table.find(variable);
    if (c === undefined || c >= this.sizes.length) return undefined;
    const v = this.sizes[c] as number;
    return Number.isNaN(v) ? undefined : v;
  }

  override has(variable: string): boolean {
    return this.get(variable) !== undefined;
  }

  override set(variable: string, size: number): this {
    const c = this.table.column(variable);
    if (c >= this.sizes.length) {
      const grown = new Float64Array(Math.max(c + 1, this.table.names.length)).fill(NaN);
      grown.set(this.sizes);
      this.sizes = grown;
    }
    if (Number.isNaN(this.sizes[c] as number)) {
      if (this.count === this.order.length) {
        const grown = new Uint16Array(Math.max(8, this.order.length * 2));
        grown.set(this.order);
        this.order = grown;
      }
      this.order[this.count++] = c;
    }
    this.sizes[c] = size;
    return this;
  }

  override delete(): boolean {
    throw new Error('internal: a dump\'s footprints are not deleted');
  }

  override clear(): void {
    throw new Error('internal: a dump\'s footprints are not cleared');
  }

  override *entries(): MapIterator<[string, number]> {
    for (let i = 0; i < this.count; i++) {
      const c = this.order[i] as number;
      yield [this.table.names[c] as string, this.sizes[c] as number];
    }
  }

  override *keys(): MapIterator<string> {
    for (let i = 0; i < this.count; i++) yield this.table.names[this.order[i] as number] as string;
  }

  override *values(): MapIterator<number> {
    for (let i = 0; i < this.count; i++) yield this.sizes[this.order[i] as number] as number;
  }

  override [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  override forEach(fn: (value: number, key: string, map: Map<string, number>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}
