/**
 * A flow is one connection's packets in time order, produced one at a time so that only connections
 * that are currently active hold any state.
 */

export interface Flow {
  /** Timestamp of the next packet in integer microseconds; Infinity once the flow is finished. */
  readonly nextTs: number;
  /** Builds the packet due at nextTs and moves on to the following one. */
  emit(): Buffer;
}

export interface ScriptStep {
  /** Integer microseconds; steps must be in strictly increasing time. */
  at: number;
  /** Called exactly once, in step order (builders may advance shared TCP state). */
  build: () => Buffer;
}

/** A short flow whose few packets are known when it starts (handshake, request, reply, close). */
export class ScriptedFlow implements Flow {
  private i = 0;

  constructor(private readonly steps: readonly ScriptStep[]) {
    for (let k = 1; k < steps.length; k++) {
      if (!(steps[k]!.at > steps[k - 1]!.at)) throw new Error('ScriptedFlow: steps must be in increasing time');
    }
  }

  get nextTs(): number {
    return this.steps[this.i]?.at ?? Infinity;
  }

  emit(): Buffer {
    const step = this.steps[this.i++];
    if (!step) throw new Error('ScriptedFlow: emit() after the last packet');
    return step.build();
  }
}

/** Builds a script from a start time and relative gaps, so flows read as "then, after d µs, ...". */
export class ScriptBuilder {
  private readonly steps: ScriptStep[] = [];
  private t: number;

  constructor(start: number) {
    this.t = start;
  }

  /** Adds a packet `gap` µs (rounded, at least 1) after the previous one; the first may use gap 0. */
  after(gap: number, build: () => Buffer): this {
    const g = Math.max(this.steps.length === 0 ? 0 : 1, Math.round(gap));
    this.t += g;
    this.steps.push({ at: this.t, build });
    return this;
  }

  get time(): number {
    return this.t;
  }

  done(): ScriptedFlow {
    return new ScriptedFlow(this.steps);
  }
}

export interface TimedPacket {
  /** Integer microseconds, after the previous packet's. */
  at: number;
  /** Called exactly once, when the packet is emitted, in order. */
  build: () => Buffer;
}

/**
 * A long flow whose packets a generator yields one at a time, as they are due, so that a
 * connection carrying thousands of requests holds no more than its current state.
 */
export class GeneratedFlow implements Flow {
  private next: IteratorResult<TimedPacket>;

  constructor(private readonly packets: Iterator<TimedPacket>) {
    this.next = packets.next();
  }

  get nextTs(): number {
    return this.next.done ? Infinity : this.next.value.at;
  }

  emit(): Buffer {
    if (this.next.done) throw new Error('GeneratedFlow: emit() after the last packet');
    const { at, build } = this.next.value;
    const frame = build();
    this.next = this.packets.next();
    if (!this.next.done && !(this.next.value.at > at)) throw new Error('GeneratedFlow: packets must be in increasing time');
    return frame;
  }
}
