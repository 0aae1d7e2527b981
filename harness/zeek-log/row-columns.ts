/** The typed arrays of RowColumns (a worker's answer, handed back for reuse). */
export type ColumnArrays = Pick<RowColumns, 'ts' | 'run' | 'node' | 'module' | 'variable' | 'size' | 'line'>;

/** Just the arrays of `c`, and their buffers: what postMessage moves to the other thread instead of copying. */
export function transferableColumns(c: ColumnArrays): { arrays: ColumnArrays; buffers: ArrayBuffer[] } {
  const arrays = { ts: c.ts, run: c.run, node: c.node, module: c.module, variable: c.variable, size: c.size, line: c.line };
  return { arrays, buffers: Object.values(arrays).map((a) => a.buffer as ArrayBuffer) };
}

/** Rows of a my_stats log as numbers, one typed array per column (node, module, variable: string ids). */
export class RowColumns {
  length = 0;
  ts: Float64Array;
  run: Int32Array;
  node: Int32Array;
  module: Int32Array;
  variable: Int32Array;
  size: Float64Array;
  line: Int32Array;

  /** `reuse`: arrays of an earlier RowColumns (of one capacity) to fill again instead of allocating. */
  constructor(capacity = 1024, reuse?: ColumnArrays) {
    if (reuse !== undefined) {
      ({ ts: this.ts, run: this.run, node: this.node, module: this.module, variable: this.variable, size: this.size, line: this.line } = reuse);
      return;
    }
    const cap = Math.max(1024, capacity);
    this.ts = new Float64Array(cap);
    this.run = new Int32Array(cap);
    this.node = new Int32Array(cap);
    this.module = new Int32Array(cap);
    this.variable = new Int32Array(cap);
    this.size = new Float64Array(cap);
    this.line = new Int32Array(cap);
  }

  push(ts: number, run: number, node: number, module: number, variable: number, size: number, line: number): void {
    if (this.length === this.ts.length) this.grow();
    const i = this.length++;
    this.ts[i] = ts;
    this.run[i] = run;
    this.node[i] = node;
    this.module[i] = module;
    this.variable[i] = variable;
    this.size[i] = size;
    this.line[i] = line;
  }

  private grow(): void {
    const cap = this.ts.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.ts = f(this.ts);
    this.size = f(this.size);
    this.run = i(this.run);
    this.node = i(this.node);
    this.module = i(this.module);
    this.variable = i(this.variable);
    this.line = i(this.line);
  }
}
