/**
 * long-lived: connections opened during the first tenth of the duration, then kept alive with a small
 * request/response every few seconds until the end of the trace, and never closed. Each connection is
 * a compact state machine, because all of them are active at once.
 */
import { ipv4, TCP_ACK, TCP_PSH, TCP_SYN } from '../../pcap/frame-builder.js';
import { clientConversation } from '../client-conversation.js';
import type { Flow } from '../flow.js';
import type { Rng } from '../prng.js';
import { spreadStart, TRACE_EPOCH_US } from '../schedule.js';
import type { TcpConversation } from '../tcp-conversation.js';
import type { ResolvedWorkloadSpec } from '../workload-spec.js';

const SERVERS = [ipv4(203, 0, 113, 10), ipv4(203, 0, 113, 11), ipv4(203, 0, 113, 12)];
export const LONG_LIVED_PORT = 7000;
const STREAM = 0x6c6f6e67;
/** Zeek's default tcp_inactivity_timeout is 5 min; stay well inside it so no connection expires. */
const MAX_PERIOD_US = 60_000_000;
const MIN_PERIOD_US = 1_000_000;

/** Time between one connection's messages: an eighth of the duration, within 1-60 s. */
export function longLivedPeriodUs(durationUs: number): number {
  return Math.min(MAX_PERIOD_US, Math.max(MIN_PERIOD_US, Math.round(durationUs / 8)));
}

const Step = { Syn: 0, SynAck: 1, Ack: 2, Request: 3, Response: 4, RequestAck: 5 } as const;
type Step = (typeof Step)[keyof typeof Step];

class LongLivedFlow implements Flow {
  nextTs: number;
  private step: Step = Step.Syn;
  private messages = 0;
  private readonly rtt: number;

  constructor(
    private readonly conv: TcpConversation,
    private readonly rng: Rng,
    start: number,
    private readonly periodUs: number,
    private readonly endUs: number,
  ) {
    this.nextTs = start;
    this.rtt = Math.round(rng.skewed(800, 80_000));
  }

  emit(): Buffer {
    const { conv, rng } = this;
    let frame: Buffer;
    switch (this.step) {
      case Step.Syn:
        frame = conv.segment(true, TCP_SYN);
        this.advance(Step.SynAck, this.rtt);
        break;
      case Step.SynAck:
        frame = conv.segment(false, TCP_SYN | TCP_ACK);
        this.advance(Step.Ack, rng.int(20, 200));
        break;
      case Step.Ack:
        frame = conv.segment(true, TCP_ACK);
        // The first message comes at a random point of the first period, so messages do not bunch up.
        this.advance(Step.Request, rng.int(1000, this.periodUs));
        break;
      case Step.Request:
        frame = conv.segment(true, TCP_PSH | TCP_ACK, Buffer.from(`PING ${++this.messages}\n`, 'ascii'));
        this.advance(Step.Response, this.rtt + rng.int(10, 500));
        break;
      case Step.Response:
        frame = conv.segment(false, TCP_PSH | TCP_ACK, Buffer.from(`PONG ${this.messages}\n`, 'ascii'));
        // Linux delays a pure ACK by up to 40 ms.
        this.advance(Step.RequestAck, rng.int(1000, 40_000));
        break;
      case Step.RequestAck:
        frame = conv.segment(true, TCP_ACK);
        this.advance(Step.Request, Math.round(this.periodUs * (0.8 + 0.4 * rng.float())));
        break;
    }
    return frame;
  }

  private advance(step: Step, gapUs: number): void {
    const at = this.nextTs + Math.max(1, gapUs);
    // A new exchange starts only if all three of its packets fit before the end of the trace.
    if (step === Step.Request && at + this.rtt + 500 + 40_000 + 2 > this.endUs) {
      this.nextTs = Infinity;
      return;
    }
    this.step = step;
    this.nextTs = at;
  }
}

export function* longLivedFlows(spec: ResolvedWorkloadSpec): Generator<Flow> {
  const durationUs = Math.round(spec.duration * 1e6);
  const periodUs = longLivedPeriodUs(durationUs);
  const endUs = TRACE_EPOCH_US + durationUs;
  for (let i = 0; i < spec.count; i++) {
    const { rng, conv } = clientConversation(spec, STREAM, i, SERVERS, LONG_LIVED_PORT);
    yield new LongLivedFlow(conv, rng, spreadStart(i, spec.count, Math.max(1, Math.round(durationUs / 10)), spec.seed), periodUs, endUs);
  }
}
