/**
 * Who talks to whom: client hosts inside 10.10.0.0/16 behind one gateway, servers on the documentation
 * networks (RFC 5737), per-host MAC addresses, source ports and TTLs. Everything is derived from the
 * host number and the seed, so nothing has to be remembered per host.
 */
import { ipv4 } from '../pcap/frame-builder.js';
import { deriveSeed, mix32 } from './prng.js';
import { PORTS_PER_HOST } from './workload-spec.js';

/** The capture sees the inside hosts directly and everything else through this router. */
export const GATEWAY_MAC = Uint8Array.of(0x02, 0x00, 0x5e, 0x00, 0x00, 0x01);

const LINUX_EPHEMERAL_LOW = 32768;
const LINUX_EPHEMERAL_COUNT = 28232; // 32768-60999, net.ipv4.ip_local_port_range

/** Address of client (or scan target) host h: 10.10.0.1, ..., 10.10.0.250, 10.10.1.1, ... */
export function clientAddress(h: number): number {
  return ipv4(10, 10, Math.floor(h / 250), (h % 250) + 1);
}

/** Shared per host: long-lived workloads hold every connection at once, and a MAC each adds up. */
const macs: Uint8Array[] = [];

/** A locally administered MAC for client host h (do not modify the returned bytes). */
export function clientMac(h: number): Uint8Array {
  let mac = macs[h];
  if (!mac) {
    mac = Uint8Array.of(0x02, 0x42, 0x0a, 0x0a, Math.floor(h / 250), (h % 250) + 1);
    macs[h] = mac;
  }
  return mac;
}

/**
 * Source port of the k-th connection from client host h: consecutive from a per-host random start in
 * the Linux ephemeral range, wrapping through 1024-65535, so k < PORTS_PER_HOST never repeats.
 */
export function clientPort(seed: number, h: number, k: number): number {
  const start = LINUX_EPHEMERAL_LOW + (deriveSeed(seed, 0x504f5254, h) % LINUX_EPHEMERAL_COUNT);
  return 1024 + ((start - 1024 + k) % PORTS_PER_HOST);
}

/** The TTL a remote host's packets arrive with: its initial TTL (64 or 128) minus a few routers. */
export function remoteTtl(seed: number, address: number): number {
  const r = mix32(deriveSeed(seed, 0x54544c, address));
  const initial = r & 1 ? 128 : 64;
  return initial - (6 + ((r >>> 1) % 14));
}

/** Clients sit next to the capture point: Linux's default TTL, not yet decremented. */
export const CLIENT_TTL = 64;
