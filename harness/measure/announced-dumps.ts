import type { ConnRow, DumpRow } from '../zeek-log/my-stats.js';

/** A dump known from its runs row or conns rows before any of its footprint rows: no row storage yet. */
export interface Announced {
  run: number;
  ts: number;
  /** ts in microseconds. */
  key: number;
  info: DumpRow | undefined;
  connRows: ConnRow[];
  idleGroups: number;
}

interface Entry extends Announced {
  /** Another dump of the same key (another run: a restart within the same microsecond). */
  next: Entry | undefined;
  /** Insertion order. */
  seq: number;
}

/**
 * One node's announced dumps by (run, key), looked up by the key, a number: a string key made of
 * both cost a number-to-string conversion and a string hash per dump, a tenth of the reading
 * thread's time on a zeekctl tree (runs rows of 50,000 dumps).
 */
export class AnnouncedDumps {
  private readonly byKey = new Map<number, Entry>();
  private seq = 0;
  size = 0;

  get(run: number, key: number): Announced | undefined {
    for (let e = this.byKey.get(key); e !== undefined; e = e.next) if (e.run === run) return e;
    return undefined;
  }

  /** The announced dump of (run, key), new if there is none yet. */
  getOrAdd(run: number, ts: number, key: number): Announced {
    const found = this.get(run, key);
    if (found !== undefined) return found;
    const e: Entry = { run, ts, key, info: undefined, connRows: [], idleGroups: 0, next: this.byKey.get(key), seq: this.seq++ };
    this.byKey.set(key, e);
    this.size++;
    return e;
  }

  delete(a: Announced): void {
    const head = this.byKey.get(a.key);
    if (head === undefined) return;
    if (head === a) {
      if (head.next === undefined) this.byKey.delete(a.key);
      else this.byKey.set(a.key, head.next);
    } else {
      let e = head;
      while (e.next !== undefined && e.next !== a) e = e.next;
      if (e.next !== a) return;
      e.next = (a as Entry).next;
    }
    this.size--;
  }

  /** Every announced dump, in the order they were announced. */
  values(): Announced[] {
    // Asked of every node after every rotation, when most have none.
    if (this.size === 0) return [];
    const out: Entry[] = [];
    for (const head of this.byKey.values()) for (let e: Entry | undefined = head; e !== undefined; e = e.next) out.push(e);
    return out.sort((a, b) => a.seq - b.seq);
  }
}
