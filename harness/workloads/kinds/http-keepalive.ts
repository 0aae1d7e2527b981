/**
 * http-keepalive and http-half-duplex: `hosts` long HTTP/1.1 connections (one per client host, opened at
 * the start, never closed) that carry all `count` requests between them, spread over the duration.
 * http-keepalive captures both directions: request, the server's ACK, a 200 response, the client's ACK.
 * http-half-duplex captures only the client's side, as a tap that sees one direction of asymmetric
 * routing does: its SYN, its handshake ACK and its requests, never a response.
 * A connection's packets come from a generator as they are due: one connection can carry millions.
 */
import { ipv4, TCP_ACK, TCP_PSH, TCP_SYN } from '../../pcap/frame-builder.js';
import { clientConversation } from '../client-conversation.js';
import { GeneratedFlow, type Flow, type TimedPacket } from '../flow.js';
import { okResponseHead } from '../http-response.js';
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
  return Buffer.concat([Buffer.from(okResponseHead(dateMs, 'text/plain', body.length, 'keep-alive'), 'ascii'), body]);
}

/** One connection's packets: handshake, then its share of the requests (each answered, or not seen answered). */
function* connectionPackets(
  conv: TcpConversation,
  rng: Rng,
  spec: ResolvedWorkloadSpec,
  spanUs: number,
  first: number,
  start: number,
  halfDuplex: boolean,
): Generator<TimedPacket> {
  const rtt = Math.round(rng.skewed(800, 80_000));
  const host = distinctHostName(first, rng);
  let t = start;
  const after = (gapUs: number) => (t += Math.max(1, Math.round(gapUs)));
  yield { at: t, build: () => conv.segment(true, TCP_SYN) };
  if (halfDuplex) {
    // The SYN-ACK goes the other way, unseen: the client's ACK follows a round trip later.
    yield {
      at: after(rtt + rng.int(20, 200)),
      build: () => {
        conv.segment(false, TCP_SYN | TCP_ACK);
        return conv.segment(true, TCP_ACK);
      },
    };
  } else {
    yield { at: after(rtt), build: () => conv.segment(false, TCP_SYN | TCP_ACK) };
    yield { at: after(rng.int(20, 200)), build: () => conv.segment(true, TCP_ACK) };
  }
  for (let j = first; j < spec.count; j += spec.hosts) {
    // At the request's slot of the duration, or as soon as the previous exchange is over.
    t = Math.max(t + MIN_GAP_US, spreadStart(j, spec.count, spanUs, spec.seed));
    yield { at: t, build: () => conv.segment(true, TCP_PSH | TCP_ACK, keepaliveRequest(j, host, rng)) };
    if (halfDuplex) continue;
    yield { at: after(rtt), build: () => conv.segment(false, TCP_ACK) };
    const responseAt = after(rng.skewed(200, 30_000));
    yield { at: responseAt, build: () => conv.segment(false, TCP_PSH | TCP_ACK, keepaliveResponse(rng, Math.floor(responseAt / 1000))) };
    // Linux delays a pure ACK by up to 40 ms.
    yield { at: after(rng.int(1000, 40_000)), build: () => conv.segment(true, TCP_ACK) };
  }
}

function* keepaliveFlows(spec: ResolvedWorkloadSpec, halfDuplex: boolean): Generator<Flow> {
  const spanUs = Math.round(spec.duration * 1e6);
  const openSpanUs = Math.max(1, Math.min(OPEN_SPAN_US, Math.round(spanUs / 10)));
  for (let h = 0; h < spec.hosts; h++) {
    const { rng, conv } = clientConversation(spec, STREAM, h, SERVERS, 80);
    const start = TRACE_EPOCH_US + Math.floor((h * openSpanUs) / spec.hosts);
    yield new GeneratedFlow(connectionPackets(conv, rng, spec, spanUs, h, start, halfDuplex));
  }
}

export function httpKeepaliveFlows(spec: ResolvedWorkloadSpec): Generator<Flow> {
  return keepaliveFlows(spec, false);
}

export function httpHalfDuplexFlows(spec: ResolvedWorkloadSpec): Generator<Flow> {
  return keepaliveFlows(spec, true);
}
