/**
 * Seeded pseudo-random numbers (sfc32, seeded through a 32-bit mixer). Workloads use one generator per
 * connection, derived from (seed, stream, index), so each connection's bytes depend only on its own
 * number and never on the order in which connections happen to be generated.
 */

/** The murmur3 finalizer: a cheap bijective scramble of 32 bits. */
export function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Combines integers (seed, stream tag, index...) into one 32-bit seed. */
export function deriveSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    // Fold in both 32-bit halves so that indexes and seeds above 2^32 still differ.
    h = mix32(h ^ mix32(p >>> 0));
    h = mix32(h ^ Math.floor(p / 4294967296));
  }
  return h;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number) {
    this.a = mix32(seed);
    this.b = mix32(this.a ^ 0x1b873593);
    this.c = mix32(this.b ^ 0xcc9e2d51);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('Rng.pick: empty list');
    return item;
  }

  /**
   * In [min, max], skewed towards min (many small values, a few large ones, like network delays).
   * Only exact IEEE arithmetic, no Math.pow/exp, whose last bits may differ between JS engines.
   */
  skewed(min: number, max: number): number {
    const u = this.float();
    return min + (max - min) * u * u * u;
  }
}
