/** dns: one UDP query per distinct name from the client hosts to two resolvers, each answered with an A record. */
import { buildUdpFrame, ipv4 } from '../../pcap/frame-builder.js';
import { CLIENT_TTL, clientAddress, clientMac, clientPort, GATEWAY_MAC, remoteTtl } from '../address-plan.js';
import { buildDnsAResponse, buildDnsQuery } from '../dns-message.js';
import { ScriptBuilder, type Flow } from '../flow.js';
import { distinctHostName } from '../names.js';
import { deriveSeed, Rng } from '../prng.js';
import { spreadStart } from '../schedule.js';
import type { ResolvedWorkloadSpec } from '../workload-spec.js';

export const RESOLVERS = [ipv4(192, 0, 2, 53), ipv4(198, 51, 100, 53)];
const STREAM = 0x646e7371;
/** Answers come from 198.18.0.0/15 (RFC 2544 benchmarking), so they never collide with real hosts. */
const ANSWER_BASE = ipv4(198, 18, 0, 0);

export function* dnsFlows(spec: ResolvedWorkloadSpec): Generator<Flow> {
  const spanUs = Math.round(spec.duration * 1e6);
  for (let i = 0; i < spec.count; i++) {
    const rng = new Rng(deriveSeed(spec.seed, STREAM, i));
    const h = i % spec.hosts;
    const resolver = RESOLVERS[rng.int(0, RESOLVERS.length - 1)]!;
    const client = { mac: clientMac(h), address: clientAddress(h), port: clientPort(spec.seed, h, Math.floor(i / spec.hosts)) };
    const question = { id: rng.int(0, 0xffff), name: distinctHostName(i, rng) };
    const answer = (ANSWER_BASE + (i % 131072)) >>> 0;
    const ttl = rng.pick([60, 300, 600, 3600, 86400]);
    const clientIpId = rng.int(0, 0xffff);
    const resolverIpId = rng.int(0, 0xffff);
    const resolverTtl = remoteTtl(spec.seed, resolver);
    yield new ScriptBuilder(spreadStart(i, spec.count, spanUs, spec.seed))
      .after(0, () =>
        buildUdpFrame(
          { srcMac: client.mac, dstMac: GATEWAY_MAC, src: client.address, dst: resolver, ttl: CLIENT_TTL, id: clientIpId, dontFragment: false },
          { srcPort: client.port, dstPort: 53, payload: buildDnsQuery(question) },
        ),
      )
      .after(rng.skewed(300, 40_000), () =>
        buildUdpFrame(
          { srcMac: GATEWAY_MAC, dstMac: client.mac, src: resolver, dst: client.address, ttl: resolverTtl, id: resolverIpId, dontFragment: false },
          { srcPort: 53, dstPort: client.port, payload: buildDnsAResponse(question, answer, ttl) },
        ),
      )
      .done();
  }
}
