/**
 * One TCP connection between a client near the capture point and a remote server. Each call to
 * segment() builds the next frame and advances that side's sequence number; acknowledgments always
 * cover everything the peer has sent, as they do when packets are not lost.
 */
import { buildTcpFrame, TCP_ACK, TCP_FIN, TCP_SYN, type Ipv4Fields } from '../pcap/frame-builder.js';
import type { Rng } from './prng.js';

export interface TcpEndpoint {
  mac: Uint8Array;
  address: number;
  port: number;
  ttl: number;
}

export interface SegmentOverrides {
  seq?: number;
  ack?: number;
  window?: number;
  options?: Uint8Array;
}

interface Side {
  ep: TcpEndpoint;
  nextSeq: number;
  ipId: number;
  /** Window field in SYNs (unscaled) and after the handshake (scaled by 2^7). */
  synWindow: number;
  window: number;
}

/** MSS 1460, NOP, window scale 7, NOP, NOP, SACK permitted: what a Linux SYN offers, minus timestamps. */
export const SYN_OPTIONS = Uint8Array.of(0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07, 0x01, 0x01, 0x04, 0x02);

export class TcpConversation {
  private readonly client: Side;
  private readonly server: Side;

  constructor(client: TcpEndpoint, server: TcpEndpoint, rng: Rng) {
    this.client = { ep: client, nextSeq: rng.next(), ipId: rng.int(0, 0xffff), synWindow: 64240, window: 502 };
    this.server = {
      ep: server,
      nextSeq: rng.next(),
      ipId: rng.int(0, 0xffff),
      synWindow: rng.pick([65160, 64240, 65535, 28960]),
      window: rng.pick([509, 501, 510, 227]),
    };
  }

  /** The next sequence number the client / server will send (for tests and RSTs). */
  nextSeq(fromClient: boolean): number {
    return (fromClient ? this.client : this.server).nextSeq;
  }

  segment(fromClient: boolean, flags: number, payload?: Uint8Array, o: SegmentOverrides = {}): Buffer {
    const me = fromClient ? this.client : this.server;
    const peer = fromClient ? this.server : this.client;
    const src = me.ep;
    const dst = peer.ep;
    const syn = (flags & TCP_SYN) !== 0;
    const ip: Ipv4Fields = {
      srcMac: src.mac,
      dstMac: dst.mac,
      src: src.address,
      dst: dst.address,
      ttl: src.ttl,
      id: me.ipId,
      dontFragment: true,
    };
    const frame = buildTcpFrame(ip, {
      srcPort: src.port,
      dstPort: dst.port,
      seq: o.seq ?? me.nextSeq,
      ack: o.ack ?? (flags & TCP_ACK ? peer.nextSeq : 0),
      flags,
      window: o.window ?? (syn ? me.synWindow : me.window),
      options: o.options ?? (syn ? SYN_OPTIONS : undefined),
      payload,
    });
    me.ipId = (me.ipId + 1) & 0xffff;
    me.nextSeq = (me.nextSeq + (payload?.length ?? 0) + (syn ? 1 : 0) + (flags & TCP_FIN ? 1 : 0)) >>> 0;
    return frame;
  }
}
