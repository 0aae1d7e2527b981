import { endsDump } from '../measure/dump-boundary.js';
import type { RunSelector } from './types.js';

/**
 * Rows of one dump: one node, one run, one process lifetime. Ids are StringTable ids.
 */
export interface Dump {
  node: number;
  run: number;
  lifetime: number;
  firstTs: number;
  lastTs: number;
  /** Rows 0..length-1 of the typed arrays below (their capacity may be larger). */
  length: number;
  variables: Int32Array;
  modules: Int32Array;
  sizes: Float64Array;
  /** Sum of sizes of the rows that pass the module filter (set when the dump is complete). */
  total: number;
}

function newDump(): Dump {
  return { node: 0, run: 0, lifetime: 0, firstTs: 0, lastTs: 0, length: 0, variables: new Int32Array(512), modules: new Int32Array(512), sizes: new Float64Array(512), total: 0 };
}

function appendRow(d: Dump, variable: number, module: number, size: number): void {
  if (d.length === d.sizes.length) {
    const cap = d.sizes.length * 2;
    const variables = new Int32Array(cap);
    variables.set(d.variables);
    const modules = new Int32Array(cap);
    modules.set(d.modules);
    const sizes = new Float64Array(cap);
    sizes.set(d.sizes);
    d.variables = variables;
    d.modules = modules;
    d.sizes = sizes;
  }
  d.variables[d.length] = variable;
  d.modules[d.length] = module;
  d.sizes[d.length] = size;
  d.length++;
}

interface NodeState {
  node: number;
  dumps: number;
  lifetimes: number;
  firstTs: number;
  lastTs: number;
  current: Dump | null;
  currentSeq: number;
  /** seen[variable] === currentSeq: the variable already has a row in the current dump. */
  seen: Int32Array;
  selected: Dump | null;
  /** A finished dump's storage, reused for the next one: no allocation per dump. */
  spare: Dump | null;
}


/**
 * Splits a node's rows into dumps and keeps, per node, only the dump the selector wants, so memory
 * stays at about two dumps per node whatever the log length. A new dump starts when the run number
 * changes, when a variable repeats within the run, or after a long gap; a run number lower than the
 * previous one, or a repeat of the same one, means the node restarted (run numbers restart at 1).
 */
export class DumpTracker {
  /** Indexed by node id (ids are small and dense): no hashing per row. */
  private readonly nodes: (NodeState | undefined)[] = [];
  private seq = 0;
  /** modulesSeen[id] === 1: some row had this module (for the --module "no such module" message). */
  modulesSeen = new Uint8Array(256);

  constructor(
    private readonly selector: RunSelector,
    /** Whether a module id counts towards totals (the --module filter). */
    private readonly moduleFilter: (module: number) => boolean,
  ) {}

  add(ts: number, run: number, node: number, module: number, variable: number, size: number): void {
    if (module >= this.modulesSeen.length) {
      const grown = new Uint8Array(Math.max(this.modulesSeen.length * 2, module + 1));
      grown.set(this.modulesSeen);
      this.modulesSeen = grown;
    }
    this.modulesSeen[module] = 1;
    let st = this.nodes[node];
    if (st === undefined) {
      st = { node, dumps: 0, lifetimes: 1, firstTs: ts, lastTs: ts, current: null, currentSeq: 0, seen: new Int32Array(512), selected: null, spare: null };
      while (this.nodes.length < node) this.nodes.push(undefined);
      this.nodes[node] = st;
    }
    if (ts < st.firstTs) st.firstTs = ts;
    if (ts > st.lastTs) st.lastTs = ts;
    if (variable >= st.seen.length) {
      const grown = new Int32Array(Math.max(st.seen.length * 2, variable + 1));
      grown.set(st.seen);
      st.seen = grown;
    }
    let cur = st.current;
    if (cur === null || endsDump(cur, run, st.seen[variable] === st.currentSeq, ts)) {
      let lifetime = 0;
      if (cur !== null) {
        lifetime = cur.lifetime;
        if (run <= cur.run) {
          lifetime++;
          st.lifetimes++;
        }
        this.complete(st, cur);
      }
      cur = st.spare ?? newDump();
      st.spare = null;
      cur.node = node;
      cur.run = run;
      cur.lifetime = lifetime;
      cur.firstTs = ts;
      cur.lastTs = ts;
      cur.length = 0;
      cur.total = 0;
      st.current = cur;
      st.currentSeq = ++this.seq;
      st.dumps++;
    }
    st.seen[variable] = st.currentSeq;
    if (ts > cur.lastTs) cur.lastTs = ts;
    appendRow(cur, variable, module, size);
  }

  /** Per node: its state and the selected dump (completes the dumps still open). */
  finish(): { node: number; dumps: number; lifetimes: number; firstTs: number; lastTs: number; selected: Dump | null }[] {
    const out = [];
    for (const st of this.nodes) {
      if (st === undefined) continue;
      if (st.current !== null) this.complete(st, st.current);
      st.current = null;
      out.push({ node: st.node, dumps: st.dumps, lifetimes: st.lifetimes, firstTs: st.firstTs, lastTs: st.lastTs, selected: st.selected });
    }
    return out;
  }

  private complete(st: NodeState, dump: Dump): void {
    let total = 0;
    for (let i = 0; i < dump.length; i++) {
      if (this.moduleFilter(dump.modules[i] as number)) total += dump.sizes[i] as number;
    }
    dump.total = total;
    const best = st.selected;
    const s = this.selector;
    let take: boolean;
    if (s === 'last') take = best === null || dump.firstTs >= best.firstTs;
    else if (s === 'max') take = best === null || dump.total > best.total || (dump.total === best.total && dump.firstTs > best.firstTs);
    else take = dump.run === s && (best === null || dump.firstTs >= best.firstTs);
    if (take) {
      st.spare = best;
      st.selected = dump;
    } else {
      st.spare = dump;
    }
  }
}
