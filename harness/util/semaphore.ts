/**
 * At most `limit` holders at once, first come first served. `acquire` resolves to the release
 * function (calling it twice releases once), so a holder can give its place up before it has
 * finished everything: a zeek run frees its core when zeek exits, before its logs are read.
 */
export class Semaphore {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.free = Math.max(1, limit);
  }

  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
