/** my_stats rows held in memory as numbers (node, module, variable as StringTable ids): 32 bytes a row. */
export class RowChunk {
  length = 0;
  ts = new Float64Array(1024);
  run = new Int32Array(1024);
  node = new Int32Array(1024);
  module = new Int32Array(1024);
  variable = new Int32Array(1024);
  size = new Float64Array(1024);
  /** Smallest and largest ts pushed. */
  minTs = Infinity;
  maxTs = -Infinity;

  push(ts: number, run: number, node: number, module: number, variable: number, size: number): void {
    if (this.length === this.ts.length) this.grow();
    const i = this.length++;
    this.ts[i] = ts;
    this.run[i] = run;
    this.node[i] = node;
    this.module[i] = module;
    this.variable[i] = variable;
    this.size[i] = size;
    if (ts < this.minTs) this.minTs = ts;
    if (ts > this.maxTs) this.maxTs = ts;
  }

  private grow(): void {
    const cap = this.ts.length * 2;
    const f64 = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; };
    const i32 = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
    this.ts = f64(this.ts);
    this.run = i32(this.run);
    this.node = i32(this.node);
    this.module = i32(this.module);
    this.variable = i32(this.variable);
    this.size = f64(this.size);
  }
}
