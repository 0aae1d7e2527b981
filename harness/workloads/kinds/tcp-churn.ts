/** tcp-churn: many complete, short TCP echo connections from the client hosts to three servers. */
import { ipv4, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../pcap/frame-builder.js';
import { clientConversation } from '../client-conversation.js';
import { ScriptBuilder, type Flow } from '../flow.js';
import { filler } from '../names.js';
import { spreadStart } from '../schedule.js';
import type { ResolvedWorkloadSpec } from '../workload-spec.js';

const SERVERS = [ipv4(192, 0, 2, 10), ipv4(192, 0, 2, 11), ipv4(192, 0, 2, 12)];
/** The echo service: Zeek has no analyzer for it, so these connections stay plain conn.log rows. */
export const ECHO_PORT = 7;
const STREAM = 0x74637063;

export function* tcpChurnFlows(spec: ResolvedWorkloadSpec): Generator<Flow> {
  const spanUs = Math.round(spec.duration * 1e6);
  for (let i = 0; i < spec.count; i++) {
    const { rng, conv } = clientConversation(spec, STREAM, i, SERVERS, ECHO_PORT);
    const rtt = rng.skewed(800, 60_000);
    const data = filler(rng, `echo ${i}`, rng.int(16, 256));
    yield new ScriptBuilder(spreadStart(i, spec.count, spanUs, spec.seed))
      .after(0, () => conv.segment(true, TCP_SYN))
      .after(rtt, () => conv.segment(false, TCP_SYN | TCP_ACK))
      .after(rng.int(20, 200), () => conv.segment(true, TCP_ACK))
      .after(rng.int(5, 100), () => conv.segment(true, TCP_PSH | TCP_ACK, data))
      .after(rtt + rng.int(10, 400), () => conv.segment(false, TCP_PSH | TCP_ACK, data))
      .after(rng.int(20, 200), () => conv.segment(true, TCP_ACK))
      .after(rng.skewed(500, 50_000), () => conv.segment(true, TCP_FIN | TCP_ACK))
      .after(rtt + rng.int(10, 300), () => conv.segment(false, TCP_FIN | TCP_ACK))
      .after(rng.int(20, 200), () => conv.segment(true, TCP_ACK))
      .done();
  }
}
