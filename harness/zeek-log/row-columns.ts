/** The typed arrays of RowColumns (a worker's answer, handed back for reuse). */
export type ColumnArrays = Pick<RowColumns, 'ts' | 'run' | 'node' | 'module' | 'variable' | 'size' | 'line'>;

/**
 * Footprint rows handed on in bulk: rows 0..length-1 of the columns, their node, module and
 * variable ids mapped to the caller's StringTable through `ids`, line numbers counted from the
 * file's start once `lineOffset` is added. One call per part of a log instead of one per row: the
 * reader's hand-over from its worker threads is a loop in the receiver, not a call per row.
 */
export interface FootprintRows {
  readonly length: number;
  readonly columns: ColumnArrays;
  readonly ids: Int32Array;
  readonly lineOffset: number;
}

export type FootprintRowsCallback = (rows: FootprintRows) => void;

/** Just the arrays of `c`: what goes to the other thread (shared memory: no copy) and back for reuse. */
export function columnArrays(c: ColumnArrays): ColumnArrays {
  return { ts: c.ts, run: c.run, node: c.node, module: c.module, variable: c.variable, size: c.size, line: c.line };
}

/**
 * Rows of a my_stats log as numbers, one typed array per column (node, module, variable: string
 * ids). The arrays live in SharedArrayBuffers: a worker's answer reaches the reader, and goes back
 * to be filled again, without a copy or a transfer. Transferred buffers were new external memory
 * in the receiving thread for every part, which kept its garbage collector busy (measured: a third
 * of the reader's time on 2 cores).
 */
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
    this.ts = doubles(cap);
    this.run = ints(cap);
    this.node = ints(cap);
    this.module = ints(cap);
    this.variable = ints(cap);
    this.size = doubles(cap);
    this.line = ints(cap);
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
      const b = doubles(cap);
      b.set(a);
      return b;
    };
    const i = (a: Int32Array) => {
      const b = ints(cap);
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

function doubles(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
}

function ints(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * Int32Array.BYTES_PER_ELEMENT));
}
