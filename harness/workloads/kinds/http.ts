/** http: one HTTP/1.1 GET per TCP connection, distinct Host and URI each, answered 200 with a small HTML body. */
import { ipv4, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../pcap/frame-builder.js';
import { clientConversation } from '../client-conversation.js';
import { ScriptBuilder, type Flow } from '../flow.js';
import { okResponseHead } from '../http-response.js';
import { distinctHostName, filler, randomWord } from '../names.js';
import type { Rng } from '../prng.js';
import { spreadStart } from '../schedule.js';
import type { ResolvedWorkloadSpec } from '../workload-spec.js';

const SERVERS = [ipv4(198, 51, 100, 10), ipv4(198, 51, 100, 11), ipv4(198, 51, 100, 12), ipv4(198, 51, 100, 13)];
const STREAM = 0x68747470;
const USER_AGENT = 'curl/8.5.0';

export interface HttpExchange {
  host: string;
  uri: string;
  request: Buffer;
  response: Buffer;
  body: Buffer;
}

/** The request and response of request number i (exported for tests that check what the trace carries). */
export function httpExchange(i: number, rng: Rng, dateMs: number): HttpExchange {
  const host = distinctHostName(i, rng);
  const uri = `/${randomWord(rng)}/${i.toString(36)}/${randomWord(rng)}.html?v=${rng.int(1, 999)}`;
  const request = Buffer.from(`GET ${uri} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${USER_AGENT}\r\nAccept: */*\r\nConnection: close\r\n\r\n`, 'ascii');
  const open = `<!doctype html><html><head><title>${host}</title></head><body><p>`;
  const close = '</p></body></html>\n';
  const words = filler(rng, 'page', rng.int(20, 500)).toString('ascii');
  const body = Buffer.from(open + words + close, 'ascii');
  const head = okResponseHead(dateMs, 'text/html; charset=utf-8', body.length, 'close');
  return { host, uri, request, body, response: Buffer.concat([Buffer.from(head, 'ascii'), body]) };
}

export function* httpFlows(spec: ResolvedWorkloadSpec): Generator<Flow> {
  const spanUs = Math.round(spec.duration * 1e6);
  for (let i = 0; i < spec.count; i++) {
    const { rng, conv } = clientConversation(spec, STREAM, i, SERVERS, 80);
    const start = spreadStart(i, spec.count, spanUs, spec.seed);
    const rtt = rng.skewed(800, 80_000);
    const ex = httpExchange(i, rng, Math.floor(start / 1000));
    yield new ScriptBuilder(start)
      .after(0, () => conv.segment(true, TCP_SYN))
      .after(rtt, () => conv.segment(false, TCP_SYN | TCP_ACK))
      .after(rng.int(20, 200), () => conv.segment(true, TCP_ACK))
      .after(rng.int(5, 100), () => conv.segment(true, TCP_PSH | TCP_ACK, ex.request))
      .after(rtt, () => conv.segment(false, TCP_ACK))
      .after(rng.skewed(200, 30_000), () => conv.segment(false, TCP_PSH | TCP_ACK, ex.response))
      .after(rng.int(20, 400), () => conv.segment(false, TCP_FIN | TCP_ACK))
      .after(rng.int(20, 200), () => conv.segment(true, TCP_ACK))
      .after(rng.int(50, 2000), () => conv.segment(true, TCP_FIN | TCP_ACK))
      .after(rtt + rng.int(10, 300), () => conv.segment(false, TCP_ACK))
      .done();
  }
}
