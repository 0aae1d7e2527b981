/**
 * ConnectionPackets: packets as Zeek's session layer counts them (what conn.log adds up), from
 * frames written with the harness's PcapWriter. Expectations follow Zeek 8's IP analyzer
 * (reassembly, truncation drops) and ICMP counterparts; the fake zeek's conn.log relies on it.
 */
import { ConnectionPackets, icmpCounterpart } from '../../harness/pcap/connection-packets.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { ethernet, fragmentHeader, icmpMessage, ipv4Packet, ipv6Packet, pseudoV4, roundTrip, tcpSegment, udpDatagram, withChecksum } from './packet-bytes.js';

const dir = useTempDir('zeek-budget-conn-packets-');

/** Writes the frames into an Ethernet pcap, reads them back, and feeds them through one ConnectionPackets. */
async function viewed(frames: Buffer[], snaplen?: number) {
  const packets = await roundTrip(dir(), 1, frames, snaplen);
  const view = new ConnectionPackets();
  return packets.map((p) => view.next(p.linktype, p.data, p.origLen));
}

test('a fragmented UDP datagram counts once, at its whole length, when its last fragment arrives', async () => {
  const dgram = udpDatagram(53, 40001, Buffer.alloc(1700, 9));
  const frags = [
    ipv4Packet(17, dgram.subarray(0, 1480), { id: 5, moreFragments: true }),
    ipv4Packet(17, dgram.subarray(1480), { id: 5, fragmentOffset: 1480 }),
  ];
  // Out of order, too: reassembly waits for the data from offset 0.
  const [a, b] = await viewed(frags.map((f) => ethernet(0x0800, f)));
  const [c, d] = await viewed([...frags].reverse().map((f) => ethernet(0x0800, f)));
  expect(a).toBeUndefined();
  expect(b).toEqual({
    proto: 'udp',
    ipProto: 17,
    src: '192.0.2.1',
    dst: '198.51.100.7',
    sport: 53,
    dport: 40001,
    ipLength: 20 + 1708,
    payloadLength: 1700,
    tcpFlags: 0,
  });
  expect(c).toBeUndefined();
  expect(d).toEqual(b);
});

test('an IPv6 datagram is reassembled without its fragment header', async () => {
  const seg = tcpSegment(22, 50000, 0x18, Buffer.alloc(100, 1));
  const f1 = ipv6Packet(44, Buffer.concat([fragmentHeader(6, 0, true, 77), seg.subarray(0, 64)]));
  const f2 = ipv6Packet(44, Buffer.concat([fragmentHeader(6, 64, false, 77), seg.subarray(64)]));
  const [a, b] = await viewed([ethernet(0x86dd, f1), ethernet(0x86dd, f2)]);
  expect(a).toBeUndefined();
  expect(b).toMatchObject({ proto: 'tcp', src: '2001:db8::1', sport: 22, dport: 50000, ipLength: 40 + 120, payloadLength: 100, tcpFlags: 0x18 });
});

test('a fragment captured short is not reassembled: the first is tracked by its own header, later ones dropped', async () => {
  const dgram = udpDatagram(53, 40001, Buffer.alloc(1700, 9));
  const first = ipv4Packet(17, dgram.subarray(0, 1480), { id: 6, moreFragments: true });
  const last = ipv4Packet(17, dgram.subarray(1480), { id: 6, fragmentOffset: 1480 });
  const [a, b] = await viewed([ethernet(0x0800, first), ethernet(0x0800, last)], 96);
  expect(a).toMatchObject({ proto: 'udp', sport: 53, dport: 40001, ipLength: 1500, payloadLength: 1472 });
  expect(b).toBeUndefined();
});

test('ICMP echo request and reply share a key (type, counterpart type); one-way messages use the code', async () => {
  const req = withChecksum(1, icmpMessage(8, 0, Buffer.alloc(56)), pseudoV4(1, 64));
  const unreachable = withChecksum(1, icmpMessage(3, 1, Buffer.alloc(28)), pseudoV4(1, 36));
  const [a, b] = await viewed([ethernet(0x0800, ipv4Packet(1, req)), ethernet(0x0800, ipv4Packet(1, unreachable))]);
  expect(a).toMatchObject({ proto: 'icmp', ipProto: 1, sport: 8, dport: 0, ipLength: 84, payloadLength: 56 });
  expect(b).toMatchObject({ sport: 3, dport: 1, payloadLength: 28 });
  expect(icmpCounterpart(1, 0, 0)).toBe(8);
  expect([128, 129, 133, 135, 1].map((t) => icmpCounterpart(58, t, 4))).toEqual([129, 128, 134, 136, 4]);
});

test('what Zeek drops gives no connection packet: short TCP/UDP headers, a frame shorter than its IP length, ESP', async () => {
  const shortTcp = ipv4Packet(6, tcpSegment(1, 2, 0x02).subarray(0, 14));
  const shortUdp = ipv4Packet(17, udpDatagram(1, 2, Buffer.alloc(0)).subarray(0, 6));
  const esp = ipv4Packet(50, Buffer.alloc(32));
  const whole = ipv4Packet(6, tcpSegment(1, 2, 0x02));
  const view = new ConnectionPackets();
  expect(view.next(101, shortTcp)).toBeUndefined();
  expect(view.next(101, shortUdp)).toBeUndefined();
  expect(view.next(101, esp)).toBeUndefined();
  // Wire length under the IP length: Zeek's "truncated_IP_len".
  expect(view.next(101, whole, whole.length - 1)).toBeUndefined();
  expect(view.next(101, whole)).toMatchObject({ proto: 'tcp', ipLength: 40, payloadLength: 0, tcpFlags: 0x02 });
});

test('IP bytes are the IP length, not the padded frame; VLAN-tagged frames count like untagged ones', async () => {
  const ack = ipv4Packet(6, tcpSegment(40000, 80, 0x10));
  const [padded, tagged] = await viewed([
    Buffer.concat([ethernet(0x0800, ack), Buffer.alloc(6)]),
    ethernet(0x0800, ack, [
      [0x9100, 100],
      [0x8100, 200],
    ]),
  ]);
  expect(padded).toMatchObject({ ipLength: 40, payloadLength: 0 });
  expect(tagged).toEqual(padded);
});
