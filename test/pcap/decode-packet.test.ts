/**
 * The packet decoder over every link layer, IP version and transport Zeek tracks connections for,
 * each case written into a pcap with the harness's PcapWriter and read back. Zeek's own handling
 * (scripts/base/packet-protocols, src/packet_analysis) is what each expectation follows.
 */
import { decodeFrame } from '../../harness/pcap/decode-packet.js';
import { useTempDir } from '../helpers/temp-dir.js';
import {
  ethernet,
  extensionHeader,
  fragmentHeader,
  icmpMessage,
  ipv4Packet,
  ipv6Packet,
  pseudoV4,
  pseudoV6,
  roundTrip,
  tcpSegment,
  udpDatagram,
  withChecksum,
} from './packet-bytes.js';

const dir = useTempDir('zeek-budget-decode-');
const SYN = 0x02;
const ACK = 0x10;

const udp4 = () => ipv4Packet(17, withChecksum(17, udpDatagram(5353, 53, Buffer.from('query')), pseudoV4(17, 13)));
const tcp4 = (flags = SYN, payload = Buffer.alloc(0)) =>
  ipv4Packet(6, withChecksum(6, tcpSegment(40000, 80, flags, payload), pseudoV4(6, 20 + payload.length)));

test('IPv6 with hop-by-hop, destination-options and routing headers decodes to the UDP behind them', async () => {
  const seg = withChecksum(17, udpDatagram(5353, 5353, Buffer.from('mdns')), pseudoV6(17, 12));
  const chain = Buffer.concat([extensionHeader(60), extensionHeader(43, 14), extensionHeader(17), seg]);
  const [p] = await roundTrip(dir(), 1, [ethernet(0x86dd, ipv6Packet(0, chain))]);
  expect(p!.ipv6).toMatchObject({ src: '2001:db8::1', dst: '2001:db8::1:0:0:2', protocol: 17, extensionHeaders: [0, 60, 43], headerLength: 40 + 8 + 16 + 8 });
  expect(p!.ip).toBe(p!.ipv6);
  expect(p!.udp).toMatchObject({ srcPort: 5353, dstPort: 5353, payloadLength: 4, checksumOk: true, truncated: false });
  expect(p!.udp!.payload.toString()).toBe('mdns');
});

test('an IPv4-mapped IPv6 source prints as IPv4, as Zeek prints it', () => {
  const pkt = ipv6Packet(17, udpDatagram(1, 2, Buffer.alloc(0)));
  Buffer.from('00000000000000000000ffffc0000201', 'hex').copy(pkt, 8);
  expect(decodeFrame(101, pkt).ipv6?.src).toBe('192.0.2.1');
});

test('ICMP and ICMPv6 decode to type, code and payload, with their checksums checked', async () => {
  const echo = withChecksum(1, icmpMessage(8, 0, Buffer.alloc(56, 0xab)), pseudoV4(1, 64));
  const echo6 = withChecksum(58, icmpMessage(128, 0, Buffer.alloc(16, 1)), pseudoV6(58, 24));
  const bad6 = Buffer.from(echo6);
  bad6.writeUInt8(bad6.readUInt8(9) ^ 0xff, 9);
  const [v4, v6, broken] = await roundTrip(dir(), 1, [
    ethernet(0x0800, ipv4Packet(1, echo)),
    ethernet(0x86dd, ipv6Packet(58, echo6)),
    ethernet(0x86dd, ipv6Packet(58, bad6)),
  ]);
  expect(v4!.icmp).toMatchObject({ protocol: 1, type: 8, code: 0, payloadLength: 56, checksumOk: true });
  expect(v6!.icmp).toMatchObject({ protocol: 58, type: 128, code: 0, payloadLength: 16, checksumOk: true });
  expect(broken!.icmp?.checksumOk).toBe(false);
});

test("BSD loopback: the address family is read little-endian, and 2 and the BSDs' IPv6 values are IP", async () => {
  const family = (n: number, le = true) => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(n);
    else b.writeUInt32BE(n);
    return b;
  };
  const v6 = ipv6Packet(17, withChecksum(17, udpDatagram(9, 9, Buffer.alloc(0)), pseudoV6(17, 8)));
  const [a, b, c] = await roundTrip(dir(), 0, [Buffer.concat([family(2), tcp4()]), Buffer.concat([family(30), v6]), Buffer.concat([family(2, false), tcp4()])]);
  expect(a!.tcp).toMatchObject({ srcPort: 40000, dstPort: 80, flags: SYN, checksumOk: true });
  expect(b!.udp).toMatchObject({ srcPort: 9, dstPort: 9 });
  // Big-endian 2 is 0x02000000 to Zeek's null analyzer: not IP.
  expect(c!.ip).toBeUndefined();
  expect([a, b, c].map((p) => p!.etherType)).toEqual([-1, -1, -1]);
});

test('raw IP link types (101, 229) and any link type Zeek has no analyzer for are read as raw IP', async () => {
  const [raw] = await roundTrip(dir(), 101, [udp4()]);
  expect(raw!.udp).toMatchObject({ srcPort: 5353, dstPort: 53, checksumOk: true });
  const v6 = ipv6Packet(6, withChecksum(6, tcpSegment(1, 2, SYN), pseudoV6(6, 20)));
  expect(decodeFrame(229, v6).tcp).toMatchObject({ srcPort: 1, dstPort: 2, checksumOk: true });
  // OpenBSD loopback (108) is not special to Zeek: its 4-byte family header fails the version check.
  expect(decodeFrame(108, Buffer.concat([Buffer.from([0, 0, 0, 2]), udp4()])).ip).toBeUndefined();
  // 802.11 (105) has its own analyzer in Zeek, which this decoder does not have.
  expect(decodeFrame(105, udp4()).ip).toBeUndefined();
});

test('Linux cooked capture v1 and v2 hand their protocol field to IP', async () => {
  const sll = Buffer.alloc(16);
  sll.writeUInt16BE(0x0800, 14);
  const sll2 = Buffer.alloc(20);
  sll2.writeUInt16BE(0x86dd, 0);
  const v6 = ipv6Packet(6, withChecksum(6, tcpSegment(443, 50000, SYN | ACK), pseudoV6(6, 20)));
  const [v1] = await roundTrip(dir(), 113, [Buffer.concat([sll, udp4()])]);
  const [v2] = await roundTrip(dir(), 276, [Buffer.concat([sll2, v6])]);
  expect(v1).toMatchObject({ etherType: 0x0800, ipStart: 16 });
  expect(v1!.udp).toMatchObject({ srcPort: 5353, checksumOk: true });
  expect(v2).toMatchObject({ etherType: 0x86dd, ipStart: 20 });
  expect(v2!.tcp).toMatchObject({ srcPort: 443, flags: SYN | ACK, checksumOk: true });
});

test('VLAN tags: 0x9100 and 0x88a8 outside, 0x8100 inside (QinQ); only 0x8100 nests, as in Zeek', async () => {
  const [old, qinq, nested] = await roundTrip(dir(), 1, [
    ethernet(0x0800, tcp4(), [
      [0x9100, 10],
      [0x8100, 20],
    ]),
    ethernet(0x0800, tcp4(), [[0x88a8, 30]]),
    ethernet(0x0800, tcp4(), [
      [0x8100, 10],
      [0x9100, 20],
    ]),
  ]);
  expect(old).toMatchObject({ vlans: [10, 20], etherType: 0x0800 });
  expect(old!.tcp?.checksumOk).toBe(true);
  expect(qinq!.vlans).toEqual([30]);
  expect(qinq!.tcp?.dstPort).toBe(80);
  // Zeek's VLAN analyzer dispatches only 0x8100 to another tag: 0x9100 inside is no IP.
  expect(nested).toMatchObject({ vlans: [10], etherType: 0x9100 });
  expect(nested!.ip).toBeUndefined();
});

test('a first fragment carries its TCP/UDP header; later fragments none', async () => {
  const seg = udpDatagram(53, 40001, Buffer.alloc(100, 7));
  const first = ipv4Packet(17, seg.subarray(0, 48), { id: 99, moreFragments: true });
  const rest = ipv4Packet(17, seg.subarray(48), { id: 99, fragmentOffset: 48 });
  const tcpData = tcpSegment(22, 50000, ACK, Buffer.alloc(64, 1));
  const first6 = ipv6Packet(44, Buffer.concat([fragmentHeader(6, 0, true, 5), tcpData.subarray(0, 40)]));
  const [a, b, c] = await roundTrip(dir(), 1, [ethernet(0x0800, first), ethernet(0x0800, rest), ethernet(0x86dd, first6)]);
  expect(a!.ipv4).toMatchObject({ moreFragments: true, fragmentOffset: 0, fragment: { id: 99, offset: 0, more: true } });
  expect(a!.udp).toMatchObject({ srcPort: 53, dstPort: 40001, length: 108, checksumOk: undefined });
  expect(b!.ipv4?.fragment).toMatchObject({ offset: 48, more: false });
  expect(b!.udp).toBeUndefined();
  expect(c!.ipv6).toMatchObject({ protocol: 6, extensionHeaders: [44], fragment: { id: 5, offset: 0, more: true, dataStart: 48 } });
  expect(c!.tcp).toMatchObject({ srcPort: 22, dstPort: 50000, flags: ACK, checksumOk: undefined });
});

test('a TCP header cut to 14 bytes still gives ports and flags, marked truncated', async () => {
  const short = tcpSegment(40000, 80, SYN).subarray(0, 14);
  const [p] = await roundTrip(dir(), 1, [ethernet(0x0800, ipv4Packet(6, short))]);
  expect(p!.tcp).toMatchObject({ srcPort: 40000, dstPort: 80, seq: 1000, flags: SYN, window: undefined, truncated: true, checksumOk: undefined });
});

test('sizes come from the IP length: Ethernet padding is not payload, a snaplen cut does not shrink it', async () => {
  const padded = Buffer.concat([ethernet(0x0800, tcp4(ACK)), Buffer.alloc(6)]);
  const big = ethernet(0x0800, tcp4(ACK, Buffer.alloc(1000, 0x61)));
  const [pad] = await roundTrip(dir(), 1, [padded]);
  const [cut] = await roundTrip(dir(), 1, [big], 100);
  expect(pad!.data.length).toBe(60);
  expect(pad!.tcp).toMatchObject({ payloadLength: 0, checksumOk: true });
  expect(pad!.tcp!.payload.length).toBe(0);
  expect(cut).toMatchObject({ caplen: 100, origLen: 14 + 20 + 20 + 1000 });
  expect(cut!.ipv4?.totalLength).toBe(1040);
  expect(cut!.tcp).toMatchObject({ payloadLength: 1000, checksumOk: undefined });
  expect(cut!.tcp!.payload.length).toBe(100 - 54);
});

test('lean decoding (for counting connections) keeps every length but skips MACs, checksums and payload copies', () => {
  const frame = ethernet(0x0800, tcp4(ACK, Buffer.alloc(300, 0x62)));
  const full = decodeFrame(1, frame);
  const lean = decodeFrame(1, frame, frame.length, { lean: true });
  expect(full).toMatchObject({ srcMac: '02:00:00:00:00:01', tcp: { payloadLength: 300, checksumOk: true } });
  expect(lean).toMatchObject({ srcMac: '', dstMac: '', tcp: { srcPort: 40000, dstPort: 80, flags: ACK, payloadLength: 300, checksumOk: undefined } });
  expect(lean.tcp!.payload.length).toBe(0);
  expect(lean.ipv4).toEqual(full.ipv4);
});
