/**
 * http-keepalive and http-half-duplex: `hosts` long HTTP/1.1 connections (one per client host, opened at
 * the start, never closed) that carry all `count` requests between them, spread over the duration.
 * http-keepalive captures both directions: request, the server's ACK, a 200 response, the client's ACK.
 * http-half-duplex captures only the client's side, as a tap that sees one direction of asymmetric
 * routing does: its SYN, its handshake ACK and its requests, never a response.
 * Each connection is a compact state machine, like long-lived's, because all of them are open at once.
 */
import { ipv4, TCP_ACK, TCP_PSH, TCP_SYN } from '../../pcap/frame-builder.js';
import { clientConversation } from '../client-conversation.js';
import type { Flow } from '../flow.js';
import { distinctHostName, filler, randomWord } from '../names.js';
import type { Rng } from '../prng.js';
import { spreadStart, TRACE_EPOCH_US } from '../schedule.js';
import type { TcpConversation } from '../tcp-conversation.js';
import type { ResolvedWorkloadSpec } from '../workload-spec.js';

const SERVERS = [ipv4(198, 51, 100, 20), ipv4(198, 51, 100, 21)];
const STREAM = 0x6b656570;
const USER_AGENT = 'curl/8.5.0';
/** Connections open within the first second (or the first tenth of a shorter duration). */
const OPEN_SPAN_US = 1_000_000;
/** A request never starts before the previous exchange on its connection is over, plus this. */
const MIN_GAP_US = 1000;

/** Request j on a connection to `host`: a distinct URI under 32 bytes, so a table of them stays small per entry. */
export function keepaliveRequest(j: number, host: string, rng: Rng): Buffer {
  const uri = `/${randomWord(rng)}/${j.toString(36)}?v=${rng.int(1, 999)}`;
  return Buffer.from(`GET ${uri} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${USER_AGENT}\r\nAccept: */*\r\n\r\n`, 'ascii');
}

export function keepaliveResponse(rng: Rng, dateMs: number): Buffer {
  const body = filler(rng, 'ok', rng.int(20, 200));
  const head =
    'HTTP/1.1 200 OK\r\n' +
    // Date from trace time, never the wall clock: same spec, same bytes.
    `Date: ${new Date(dateMs).toUTCString()}\r\n` +
    'Server: nginx\r\n' +
    'Content-Type: text/plain\r\n' +
    `Content-Length: ${body.length}\r\n` +
    'Connection: keep-alive\r\n\r\n';
  return Buffer.concat([Buffer.from(head, 'ascii'), body]);
}

const Step = { Syn: 0, SynAck: 1, Ack: 2, Request: 3, ServerAck: 4, Response: 5, ClientAck: 6 } as const;
type Step = (typeof Step)[keyof typeof Step];

class KeepaliveFlow implements Flow {
  nextTs: number;
  private step: Step = Step.Syn;
  /** Index (over all connections) of the request this connection sends next. */
  private request: number;
  private readonly rtt: number;
  private readonly host: string;

  constructor(
    private readonly conv: TcpConversation,
    private readonly rng: Rng,
    private readonly spec: ResolvedWorkloadSpec,
    private readonly spanUs: number,
    first: number,
    start: number,
    private readonly halfDuplex: boolean,
  ) {
    this.request = first;
    this.nextTs = start;
    this.rtt = Math.round(rng.skewed(800, 80_000));
    this.host = distinctHostName(first, rng);
  }

  emit(): Buffer {
    const { conv, rng } = this;
    let frame: Buffer;
    switch (this.step) {
      case Step.Syn:
        frame = conv.segment(true, TCP_SYN);
        // Half duplex: the SYN-ACK goes the other way; the client's ACK follows a round trip later.
        if (this.halfDuplex) {
          conv.segment(false, TCP_SYN | TCP_ACK);
          this.move(Step.Ack, this.rtt + rng.int(20, 200));
        } else this.move(Step.SynAck, this.rtt);
        break;
      case Step.SynAck:
        frame = conv.segment(false, TCP_SYN | TCP_ACK);
        this.move(Step.Ack, rng.int(20, 200));
        break;
      case Step.Ack:
        frame = conv.segment(true, TCP_ACK);
        this.nextRequest();
        break;
      case Step.Request:
        frame = conv.segment(true, TCP_PSH | TCP_ACK, keepaliveRequest(this.request, this.host, rng));
        this.request += this.spec.hosts;
        if (this.halfDuplex) this.nextRequest();
        else this.move(Step.ServerAck, this.rtt);
        break;
      case Step.ServerAck:
        frame = conv.segment(false, TCP_ACK);
        this.move(Step.Response, rng.skewed(200, 30_000));
        break;
      case Step.Response:
        frame = conv.segment(false, TCP_PSH | TCP_ACK, keepaliveResponse(rng, Math.floor(this.nextTs / 1000)));
        // Linux delays a pure ACK by up to 40 ms.
        this.move(Step.ClientAck, rng.int(1000, 40_000));
        break;
      case Step.ClientAck:
        frame = conv.segment(true, TCP_ACK);
        this.nextRequest();
        break;
    }
    return frame;
  }

  private move(step: Step, gapUs: number): void {
    this.step = step;
    this.nextTs += Math.max(1, Math.round(gapUs));
  }

  /** The connection's next request at its slot of the duration, or when the last exchange is over; done after the last. */
  private nextRequest(): void {
    if (this.request >= this.spec.count) {
      this.nextTs = Infinity;
      return;
    }
    this.step = Step.Request;
    this.nextTs = Math.max(this.nextTs + MIN_GAP_US, spreadStart(this.request, this.spec.count, this.spanUs, this.spec.seed));
  }
}

function* keepaliveFlows(spec: ResolvedWorkloadSpec, halfDuplex: boolean): Generator<Flow> {
  const spanUs = Math.round(spec.duration * 1e6);
  const openSpanUs = Math.max(1, Math.min(OPEN_SPAN_US, Math.round(spanUs / 10)));
  for (let h = 0; h < spec.hosts; h++) {
    const { rng, conv } = clientConversation(spec, STREAM, h, SERVERS, 80);
    const start = TRACE_EPOCH_US + Math.floor((h * openSpanUs) / spec.hosts);
    yield new KeepaliveFlow(conv, rng, spec, spanUs, h, start, halfDuplex);
  }
}

export function httpKeepaliveFlows(spec: ResolvedWorkloadSpec): Generator<Flow> {
  return keepaliveFlows(spec, false);
}

export function httpHalfDuplexFlows(spec: ResolvedWorkloadSpec): Generator<Flow> {
  return keepaliveFlows(spec, true);
}
