#!/usr/bin/env node
// Writes the synthetic traces the package's btest tests run over, so that no
// capture has to be copied in from elsewhere. Run it again after changing it
// (`node make-traces.mjs [out-dir]`) and commit the .pcap files it writes:
// btest only needs the .pcap files, not Node.
//
// Every connection is a complete TCP echo exchange of 8 packets, 0.1 s apart:
// SYN, SYN-ACK, ACK, data, echoed data, FIN, FIN, ACK. Times are whole
// microseconds so that every timestamp is exact in the pcap.
//
//   short.pcap  3 connections starting 1 s apart: 0.0 .. 2.7 s, shorter than
//               any interval the tests use.
//   long.pcap   9 connections starting 3.25 s apart: 0.0 .. 26.7 s. A closed
//               connection is removed 5 s after its last packet, i.e. at the
//               start of the connection after the next one; a 10 s interval
//               fires in the middle of a connection, never on a removal.
//   conns.pcap  one long connection (port 40001) from 1.5 s to 25.7 s: a data
//               packet and its echo every 0.75 s (2.0 s, 2.1 s, 2.75 s, ...,
//               24.5 s, 24.6 s), then FIN, FIN, ACK: 68 packets; and three
//               short ones (ports 40000, 40002, 40003) at 0.0, 12.3 and
//               22.3 s: 92 packets. With a 10 s interval the dumps fall on
//               the long connection's packets at 10.25 s and 20.75 s, the
//               short ones are removed at 5.75 s, 18.5 s and by the flush;
//               no timer is ever due within 0.05 s of a packet.
//   empty.pcap  a pcap header and no packets.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const START_SEC = 1700000000;
const PACKET_GAP_US = 100000;
const LINKTYPE_ETHERNET = 1;

function checksum(buf) {
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) sum += buf.readUInt16BE(i);
  if (buf.length % 2 === 1) sum += buf[buf.length - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function ipv4(addr) {
  return Buffer.from(addr.split('.').map(Number));
}

function tcpPacket({ src, dst, sport, dport, seq, ack, flags, payload }) {
  const tcp = Buffer.alloc(20 + payload.length);
  tcp.writeUInt16BE(sport, 0);
  tcp.writeUInt16BE(dport, 2);
  tcp.writeUInt32BE(seq >>> 0, 4);
  tcp.writeUInt32BE(ack >>> 0, 8);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  tcp.writeUInt16BE(65535, 14);
  payload.copy(tcp, 20);
  const pseudo = Buffer.concat([ipv4(src), ipv4(dst), Buffer.from([0, 6, tcp.length >> 8, tcp.length & 0xff])]);
  tcp.writeUInt16BE(checksum(Buffer.concat([pseudo, tcp])), 16);

  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + tcp.length, 2);
  ip[6] = 0x40; // don't fragment
  ip[8] = 64;
  ip[9] = 6;
  ipv4(src).copy(ip, 12);
  ipv4(dst).copy(ip, 16);
  ip.writeUInt16BE(checksum(ip), 10);

  const eth = Buffer.from([0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00]);
  if (src.endsWith('.2')) {
    eth.set([0x02, 0, 0, 0, 0, 0x01], 0);
    eth.set([0x02, 0, 0, 0, 0, 0x02], 6);
  }
  return Buffer.concat([eth, ip, tcp]);
}

const FIN = 0x01;
const SYN = 0x02;
const PSH = 0x08;
const ACK = 0x10;

function endpoints(index) {
  const client = '10.0.0.1';
  const server = '10.0.0.2';
  const sport = 40000 + index;
  const dport = 7;
  const orig = (seq, ack, flags, data = Buffer.alloc(0)) =>
    tcpPacket({ src: client, dst: server, sport, dport, seq, ack, flags, payload: data });
  const resp = (seq, ack, flags, data = Buffer.alloc(0)) =>
    tcpPacket({ src: server, dst: client, sport: dport, dport: sport, seq, ack, flags, payload: data });
  return { orig, resp };
}

// One echo connection: [{ us, frame }] with times relative to its start.
function echoConnection(index) {
  const { orig, resp } = endpoints(index);
  const payload = Buffer.from('hello\n');
  const c = 1000 + index * 1000; // client's initial sequence number
  const s = 5000 + index * 1000; // server's
  const n = payload.length;
  const frames = [
    orig(c, 0, SYN),
    resp(s, c + 1, SYN | ACK),
    orig(c + 1, s + 1, ACK),
    orig(c + 1, s + 1, PSH | ACK, payload),
    resp(s + 1, c + 1 + n, PSH | ACK, payload),
    orig(c + 1 + n, s + 1 + n, FIN | ACK),
    resp(s + 1 + n, c + 2 + n, FIN | ACK),
    orig(c + 2 + n, s + 2 + n, ACK),
  ];
  return frames.map((frame, i) => ({ us: i * PACKET_GAP_US, frame }));
}

// A long echo connection: handshake, then `exchanges` data packets 0.75 s
// apart, each echoed 0.1 s later, then the close. Times relative to its start.
function longConnection(index, exchanges) {
  const { orig, resp } = endpoints(index);
  const payload = Buffer.from('ping\n');
  const n = payload.length;
  let c = 1000 + index * 1000;
  let s = 5000 + index * 1000;
  const packets = [
    { us: 0, frame: orig(c, 0, SYN) },
    { us: 100000, frame: resp(s, c + 1, SYN | ACK) },
    { us: 200000, frame: orig(c + 1, s + 1, ACK) },
  ];
  c += 1;
  s += 1;
  for (let k = 0; k < exchanges; k++) {
    const at = 500000 + k * 750000;
    packets.push({ us: at, frame: orig(c, s, PSH | ACK, payload) });
    packets.push({ us: at + PACKET_GAP_US, frame: resp(s, c + n, PSH | ACK, payload) });
    c += n;
    s += n;
  }
  const end = 500000 + exchanges * 750000 + 250000;
  packets.push({ us: end, frame: orig(c, s, FIN | ACK) });
  packets.push({ us: end + PACKET_GAP_US, frame: resp(s, c + 1, FIN | ACK) });
  packets.push({ us: end + 2 * PACKET_GAP_US, frame: orig(c + 1, s + 1, ACK) });
  return packets;
}

function shifted(packets, byUs) {
  return packets.map((p) => ({ us: p.us + byUs, frame: p.frame }));
}

function connsTrace() {
  const packets = [
    ...shifted(echoConnection(0), 0),
    ...shifted(longConnection(1, 31), 1500000),
    ...shifted(echoConnection(2), 12300000),
    ...shifted(echoConnection(3), 22300000),
  ];
  return packets.sort((a, b) => a.us - b.us);
}

function connections(count, spacingUs) {
  const packets = [];
  for (let i = 0; i < count; i++) {
    for (const p of echoConnection(i)) packets.push({ us: i * spacingUs + p.us, frame: p.frame });
  }
  return packets.sort((a, b) => a.us - b.us);
}

// Classic pcap, little-endian, microsecond timestamps.
function pcap(packets) {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  const records = packets.map(({ us, frame }) => {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(START_SEC + Math.floor(us / 1e6), 0);
    rec.writeUInt32LE(us % 1e6, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    return Buffer.concat([rec, frame]);
  });
  return Buffer.concat([header, ...records]);
}

export const TRACES = {
  'short.pcap': () => pcap(connections(3, 1000000)),
  'long.pcap': () => pcap(connections(9, 3250000)),
  'conns.pcap': () => pcap(connsTrace()),
  'empty.pcap': () => pcap([]),
};

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = process.argv[2] ?? here;
  for (const [name, make] of Object.entries(TRACES)) writeFileSync(join(outDir, name), make());
}
