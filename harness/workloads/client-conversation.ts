import { CLIENT_TTL, clientAddress, clientMac, clientPort, GATEWAY_MAC, remoteTtl } from './address-plan.js';
import { deriveSeed, Rng } from './prng.js';
import { TcpConversation } from './tcp-conversation.js';
import type { ResolvedWorkloadSpec } from './workload-spec.js';

/**
 * Unit i's TCP conversation: client host i mod hosts, on its next source port, with one of
 * `servers` on `port`. The unit's random stream is returned too, already advanced past the server
 * choice, so the caller's further draws stay exactly as they were (traces are byte-identical).
 */
export function clientConversation(
  spec: ResolvedWorkloadSpec,
  stream: number,
  i: number,
  servers: readonly number[],
  port: number,
): { rng: Rng; conv: TcpConversation } {
  const rng = new Rng(deriveSeed(spec.seed, stream, i));
  const h = i % spec.hosts;
  const serverAddress = servers[rng.int(0, servers.length - 1)]!;
  const conv = new TcpConversation(
    { mac: clientMac(h), address: clientAddress(h), port: clientPort(spec.seed, h, Math.floor(i / spec.hosts)), ttl: CLIENT_TTL },
    { mac: GATEWAY_MAC, address: serverAddress, port, ttl: remoteTtl(spec.seed, serverAddress) },
    rng,
  );
  return { rng, conv };
}
