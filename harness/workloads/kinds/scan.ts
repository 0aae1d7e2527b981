/**
 * scan: a SYN scan (as `nmap -sS` does it) from one outside host. Closed ports answer RST-ACK; the few
 * well-known ports that are open answer SYN-ACK and the scanner resets them.
 */
import { ipv4, TCP_ACK, TCP_RST, TCP_SYN } from '../../pcap/frame-builder.js';
import { CLIENT_TTL, clientAddress, clientMac, GATEWAY_MAC, remoteTtl } from '../address-plan.js';
import { ScriptBuilder, type Flow } from '../flow.js';
import { deriveSeed, Rng } from '../prng.js';
import { spreadStart } from '../schedule.js';
import { TcpConversation } from '../tcp-conversation.js';
import type { ResolvedWorkloadSpec } from '../workload-spec.js';

export const SCANNER = ipv4(203, 0, 113, 66);
export const OPEN_PORTS: ReadonlySet<number> = new Set([21, 22, 25, 53, 80, 110, 143, 443, 445, 993, 3306, 3389, 8080]);
const STREAM = 0x7363616e;
/** nmap's SYN probe carries only an MSS option. */
const PROBE_OPTIONS = Uint8Array.of(0x02, 0x04, 0x05, 0xb4);
const NO_OPTIONS = new Uint8Array(0);

/** Ports 1..n in a seeded random order (nmap randomizes the order too). */
export function scanPortOrder(seed: number, n: number): Uint16Array {
  const ports = new Uint16Array(n);
  for (let i = 0; i < n; i++) ports[i] = i + 1;
  const rng = new Rng(deriveSeed(seed, STREAM, 0x706f7274));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = ports[i]!;
    ports[i] = ports[j]!;
    ports[j] = t;
  }
  return ports;
}

export function* scanFlows(spec: ResolvedWorkloadSpec): Generator<Flow> {
  const spanUs = Math.round(spec.duration * 1e6);
  const portsPerTarget = Math.ceil(spec.count / spec.hosts);
  const order = scanPortOrder(spec.seed, portsPerTarget);
  const scannerPort = 40000 + (deriveSeed(spec.seed, STREAM, 0x73706f72) % 20000);
  const scannerTtl = remoteTtl(spec.seed, SCANNER);
  for (let i = 0; i < spec.count; i++) {
    const rng = new Rng(deriveSeed(spec.seed, STREAM, i));
    const target = i % spec.hosts;
    const port = order[Math.floor(i / spec.hosts)]!;
    const conv = new TcpConversation(
      { mac: GATEWAY_MAC, address: SCANNER, port: scannerPort, ttl: scannerTtl },
      { mac: clientMac(target), address: clientAddress(target), port, ttl: CLIENT_TTL },
      rng,
    );
    // The targets sit next to the capture point and answer at once; the scanner is a round trip away.
    const rtt = rng.skewed(5_000, 120_000);
    const answer = rng.int(20, 300);
    const s = new ScriptBuilder(spreadStart(i, spec.count, spanUs, spec.seed)).after(0, () =>
      conv.segment(true, TCP_SYN, undefined, { window: 1024, options: PROBE_OPTIONS }),
    );
    if (OPEN_PORTS.has(port)) {
      s.after(answer, () => conv.segment(false, TCP_SYN | TCP_ACK)).after(rtt, () =>
        conv.segment(true, TCP_RST, undefined, { window: 0, options: NO_OPTIONS }),
      );
    } else {
      // RFC 793: a RST answering a segment without ACK has sequence number 0.
      s.after(answer, () => conv.segment(false, TCP_RST | TCP_ACK, undefined, { seq: 0, window: 0, options: NO_OPTIONS }));
    }
    yield s.done();
  }
}
