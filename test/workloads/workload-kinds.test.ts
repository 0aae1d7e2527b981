/**
 * Each workload kind, generated and decoded independently (decode-packet.ts, not the builders), checked
 * for what Zeek will make of it: one connection per unit, complete TCP exchanges with consistent
 * sequence numbers, well-formed DNS and HTTP, valid checksums, timestamps spread over the duration.
 */
import path from 'node:path';
import type { DecodedPacket } from '../../harness/pcap/decode-packet.js';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../../harness/pcap/frame-builder.js';
import { OPEN_PORTS } from '../../harness/workloads/kinds/scan.js';
import { TRACE_EPOCH_US } from '../../harness/workloads/schedule.js';
import { writeWorkloadPcap, type WorkloadSpec } from '../../harness/workloads/index.js';
import { connectionKey, decodeAll, groupBy, makeTempDir, removeDir } from './trace-helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('workload-kinds');
});
afterAll(() => removeDir(dir));

async function generate(spec: WorkloadSpec): Promise<DecodedPacket[]> {
  const file = path.join(dir, `${spec.kind}-${spec.count}.pcap`);
  const result = await writeWorkloadPcap(spec, file);
  const packets = await decodeAll(file);
  expect(result.packets).toBe(packets.length);
  return packets;
}

/** What every generated trace must satisfy. */
function expectSoundTrace(packets: DecodedPacket[], durationS: number): void {
  let prev = -Infinity;
  for (const p of packets) {
    expect(p.ipv4?.headerChecksumOk).toBe(true);
    expect((p.tcp ?? p.udp)?.checksumOk).toBe(true);
    expect(p.caplen).toBe(p.origLen);
    expect(p.ts!).toBeGreaterThanOrEqual(prev);
    prev = p.ts!;
  }
  const first = packets[0]!.ts!;
  const last = packets[packets.length - 1]!.ts!;
  expect(first).toBeGreaterThanOrEqual(TRACE_EPOCH_US / 1e6);
  expect(first - TRACE_EPOCH_US / 1e6).toBeLessThan(durationS * 0.05);
  expect(last - first).toBeGreaterThan(durationS * 0.9);
  expect(last - first).toBeLessThan(durationS + 1);
}

const has = (p: DecodedPacket, flags: number) => p.tcp !== undefined && (p.tcp.flags & flags) === flags;
const isOnly = (p: DecodedPacket, flags: number) => p.tcp !== undefined && (p.tcp.flags & (TCP_SYN | TCP_ACK | TCP_FIN | TCP_RST)) === flags;

/**
 * Replays one connection's TCP sequence space: every segment continues exactly where its side left
 * off, and every ACK covers all the peer has sent so far.
 */
function expectConsistentTcp(conn: DecodedPacket[]): void {
  const syn = conn[0]!;
  expect(isOnly(syn, TCP_SYN)).toBe(true);
  const client = `${syn.ipv4!.src}:${syn.tcp!.srcPort}`;
  const next = new Map<string, number>();
  for (const p of conn) {
    const me = `${p.ipv4!.src}:${p.tcp!.srcPort}`;
    const peer = me === client ? 'server' : 'client';
    const side = me === client ? 'client' : 'server';
    const t = p.tcp!;
    if (t.flags & TCP_SYN) next.set(side, t.seq);
    expect(t.seq).toBe(next.get(side));
    if (t.flags & TCP_ACK) expect(t.ack).toBe(next.get(peer));
    next.set(side, (t.seq + t.payload.length + (t.flags & TCP_SYN ? 1 : 0) + (t.flags & TCP_FIN ? 1 : 0)) >>> 0);
  }
}

test('tcp-churn: N complete connections with N distinct 5-tuples from M hosts', async () => {
  const spec: WorkloadSpec = { kind: 'tcp-churn', count: 300, hosts: 7, duration: 60, seed: 42 };
  const packets = await generate(spec);
  expectSoundTrace(packets, 60);
  const conns = groupBy(packets, connectionKey);
  expect(conns.size).toBe(300);
  const clients = new Set<string>();
  for (const conn of conns.values()) {
    expectConsistentTcp(conn);
    const c = conn[0]!;
    clients.add(c.ipv4!.src);
    expect(conn.filter((p) => isOnly(p, TCP_SYN))).toHaveLength(1);
    expect(conn.filter((p) => isOnly(p, TCP_SYN | TCP_ACK))).toHaveLength(1);
    expect(conn.filter((p) => has(p, TCP_FIN)).map((p) => p.ipv4!.src)).toEqual([c.ipv4!.src, c.ipv4!.dst]);
    expect(conn.some((p) => has(p, TCP_RST))).toBe(false);
    // A little data both ways: the server echoes what the client sent.
    const sent = conn.filter((p) => p.ipv4!.src === c.ipv4!.src && p.tcp!.payload.length > 0);
    const echoed = conn.filter((p) => p.ipv4!.src !== c.ipv4!.src && p.tcp!.payload.length > 0);
    expect(sent).toHaveLength(1);
    expect(echoed[0]!.tcp!.payload.equals(sent[0]!.tcp!.payload)).toBe(true);
    expect(c.ipv4!.ttl).toBe(64);
    expect(c.ipv4!.dontFragment).toBe(true);
  }
  expect(clients.size).toBe(7);
  expect(new Set(packets.filter((p) => isOnly(p, TCP_SYN)).map((p) => p.ipv4!.dst)).size).toBeLessThanOrEqual(3);
});

/** An independent RFC 1035 reader for the parts the generator writes, following compression pointers. */
function readName(msg: Buffer, start: number): { name: string; end: number } {
  const labels: string[] = [];
  let o = start;
  let end = -1;
  for (let hops = 0; hops < 20; hops++) {
    const len = msg[o]!;
    if (len === 0) return { name: labels.join('.'), end: end < 0 ? o + 1 : end };
    if ((len & 0xc0) === 0xc0) {
      if (end < 0) end = o + 2;
      o = msg.readUInt16BE(o) & 0x3fff;
      continue;
    }
    labels.push(msg.toString('ascii', o + 1, o + 1 + len));
    o += 1 + len;
  }
  throw new Error('DNS name pointer loop');
}

function parseDns(msg: Buffer) {
  const q = readName(msg, 12);
  const header = { id: msg.readUInt16BE(0), flags: msg.readUInt16BE(2), qd: msg.readUInt16BE(4), an: msg.readUInt16BE(6) };
  const question = { name: q.name, type: msg.readUInt16BE(q.end), class: msg.readUInt16BE(q.end + 2) };
  const answers = [];
  let o = q.end + 4;
  for (let i = 0; i < header.an; i++) {
    const usesPointer = (msg[o]! & 0xc0) === 0xc0;
    const n = readName(msg, o);
    o = n.end;
    const rdlength = msg.readUInt16BE(o + 8);
    answers.push({ name: n.name, usesPointer, type: msg.readUInt16BE(o), ttl: msg.readUInt32BE(o + 4), rdata: msg.subarray(o + 10, o + 10 + rdlength) });
    o += 10 + rdlength;
  }
  expect(o).toBe(msg.length);
  return { header, question, answers };
}

test('dns: N queries for N distinct names, each answered with a matching A record', async () => {
  const packets = await generate({ kind: 'dns', count: 400, duration: 90, seed: 7 });
  expectSoundTrace(packets, 90);
  const conns = groupBy(packets, connectionKey);
  expect(conns.size).toBe(400);
  const names = new Set<string>();
  for (const [query, response, ...rest] of conns.values()) {
    expect(rest).toHaveLength(0);
    expect(query!.udp!.dstPort).toBe(53);
    expect(response!.udp!.srcPort).toBe(53);
    expect(response!.ts!).toBeGreaterThan(query!.ts!);
    const q = parseDns(query!.udp!.payload);
    const r = parseDns(response!.udp!.payload);
    expect(q.header).toMatchObject({ flags: 0x0100, qd: 1, an: 0 });
    expect(r.header).toMatchObject({ id: q.header.id, flags: 0x8180, qd: 1, an: 1 });
    expect(q.question).toEqual({ name: r.question.name, type: 1, class: 1 });
    expect(r.answers[0]).toMatchObject({ name: q.question.name, usesPointer: true, type: 1 });
    expect(r.answers[0]!.rdata).toHaveLength(4);
    expect(q.question.name).toMatch(/^[a-z]+-[0-9a-z]+\.[a-z.]+$/);
    names.add(q.question.name);
  }
  expect(names.size).toBe(400);
});

test('http: N requests, distinct Host and URI each, answered 200 with a body of Content-Length', async () => {
  const packets = await generate({ kind: 'http', count: 150, hosts: 5, duration: 60, seed: 3 });
  expectSoundTrace(packets, 60);
  const conns = groupBy(packets, connectionKey);
  expect(conns.size).toBe(150);
  const hosts = new Set<string>();
  const uris = new Set<string>();
  for (const conn of conns.values()) {
    expectConsistentTcp(conn);
    const client = conn[0]!.ipv4!.src;
    expect(conn[0]!.tcp!.dstPort).toBe(80);
    const request = Buffer.concat(conn.filter((p) => p.ipv4!.src === client).map((p) => p.tcp!.payload)).toString('latin1');
    const response = Buffer.concat(conn.filter((p) => p.ipv4!.src !== client).map((p) => p.tcp!.payload)).toString('latin1');
    const req = /^GET (\S+) HTTP\/1\.1\r\n((?:[^\r\n]+\r\n)*)\r\n$/.exec(request);
    expect(req).not.toBeNull();
    const host = /^Host: (.+)$/m.exec(req![2]!)![1]!.trim();
    hosts.add(host);
    uris.add(req![1]!);
    const [head, body] = response.split('\r\n\r\n', 2) as [string, string];
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(Number(/^Content-Length: (\d+)$/m.exec(head)![1])).toBe(Buffer.byteLength(body, 'latin1'));
    expect(body).toContain(`<title>${host}</title>`);
    expect(conn.filter((p) => has(p, TCP_FIN))).toHaveLength(2);
    expect(conn.some((p) => has(p, TCP_PSH) && p.tcp!.payload.length === 0)).toBe(false);
  }
  expect(hosts.size).toBe(150);
  expect(uris.size).toBe(150);
});

test('long-lived: N connections opened early, talking until the end, never closed', async () => {
  const duration = 120;
  const packets = await generate({ kind: 'long-lived', count: 40, duration, seed: 9 });
  expectSoundTrace(packets, duration);
  const start = packets[0]!.ts!;
  const conns = groupBy(packets, connectionKey);
  expect(conns.size).toBe(40);
  for (const conn of conns.values()) {
    expectConsistentTcp(conn);
    expect(conn.some((p) => has(p, TCP_FIN) || has(p, TCP_RST))).toBe(false);
    expect(conn[0]!.ts! - start).toBeLessThan(duration / 10 + 0.1);
    const data = conn.filter((p) => p.tcp!.payload.length > 0);
    // Messages every duration/8 on average: several per connection, the last one near the end.
    expect(data.length).toBeGreaterThanOrEqual(2 * 5);
    expect(data[data.length - 1]!.ts! - start).toBeGreaterThan(duration * 0.75);
    // No gap between messages anywhere near Zeek's 5 min TCP inactivity timeout.
    for (let i = 1; i < data.length; i++) expect(data[i]!.ts! - data[i - 1]!.ts!).toBeLessThan(60);
  }
});

test('scan: one scanner, N distinct ports, closed ones reset, open ones SYN-ACKed then reset', async () => {
  const packets = await generate({ kind: 'scan', count: 600, hosts: 2, duration: 30, seed: 5 });
  expectSoundTrace(packets, 30);
  const conns = groupBy(packets, connectionKey);
  expect(conns.size).toBe(600);
  const probes = new Set<string>();
  let open = 0;
  for (const [probe, reply, ...rest] of conns.values()) {
    expect(isOnly(probe!, TCP_SYN)).toBe(true);
    expect(probe!.ipv4!.src).toBe('203.0.113.66');
    probes.add(`${probe!.ipv4!.dst}:${probe!.tcp!.dstPort}`);
    expect(reply!.tcp!.ack).toBe((probe!.tcp!.seq + 1) >>> 0);
    if (OPEN_PORTS.has(probe!.tcp!.dstPort)) {
      open++;
      expect(isOnly(reply!, TCP_SYN | TCP_ACK)).toBe(true);
      expect(rest).toHaveLength(1);
      expect(isOnly(rest[0]!, TCP_RST)).toBe(true);
      expect(rest[0]!.ipv4!.src).toBe('203.0.113.66');
      expect(rest[0]!.tcp!.seq).toBe((probe!.tcp!.seq + 1) >>> 0);
    } else {
      expect(isOnly(reply!, TCP_RST | TCP_ACK)).toBe(true);
      expect(reply!.tcp!.seq).toBe(0);
      expect(rest).toHaveLength(0);
    }
  }
  expect(probes.size).toBe(600);
  expect(new Set([...probes].map((p) => p.split(':')[0])).size).toBe(2);
  // Ports 1-300 on each of 2 targets: every open port below 300, twice.
  expect(open).toBe(2 * [...OPEN_PORTS].filter((p) => p <= 300).length);
  expect(open).toBeGreaterThan(0);
});

/** The HTTP/1.1 requests (and responses) a byte stream carries, one after another. */
function httpMessages(stream: string, kind: 'request' | 'response'): string[] {
  const out: string[] = [];
  let rest = stream;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    expect(end).toBeGreaterThan(0);
    const head = rest.slice(0, end);
    const length = kind === 'response' ? Number(/^Content-Length: (\d+)$/m.exec(head)![1]) : 0;
    out.push(rest.slice(0, end + 4 + length));
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

test('http-keepalive: N requests on M long connections, each answered 200 before the next, never closed', async () => {
  const duration = 60;
  const packets = await generate({ kind: 'http-keepalive', count: 300, hosts: 3, duration, seed: 6 });
  expectSoundTrace(packets, duration);
  const conns = groupBy(packets, connectionKey);
  expect(conns.size).toBe(3);
  const uris = new Set<string>();
  for (const conn of conns.values()) {
    expectConsistentTcp(conn);
    expect(conn.some((p) => has(p, TCP_FIN) || has(p, TCP_RST))).toBe(false);
    const client = conn[0]!.ipv4!.src;
    expect(conn[0]!.tcp!.dstPort).toBe(80);
    const data = conn.filter((p) => p.tcp!.payload.length > 0);
    // Request, response, request, response, ...: every request is answered before the next one.
    data.forEach((p, i) => expect(p.ipv4!.src === client).toBe(i % 2 === 0));
    const requests = httpMessages(Buffer.concat(data.filter((p) => p.ipv4!.src === client).map((p) => p.tcp!.payload)).toString('latin1'), 'request');
    const responses = httpMessages(Buffer.concat(data.filter((p) => p.ipv4!.src !== client).map((p) => p.tcp!.payload)).toString('latin1'), 'response');
    expect(requests).toHaveLength(100);
    expect(responses).toHaveLength(100);
    expect(new Set(requests.map((r) => /^Host: (.+)\r$/m.exec(r)![1])).size).toBe(1);
    for (const r of requests) {
      const uri = /^GET (\S+) HTTP\/1\.1\r\n/.exec(r)![1]!;
      expect(uri.length).toBeLessThan(32);
      uris.add(uri);
    }
    for (const r of responses) expect(r).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Connection: keep-alive\r\n/);
    expect(data.at(-1)!.ts! - conn[0]!.ts!).toBeGreaterThan(duration * 0.9);
  }
  expect(uris.size).toBe(300);
});

test('http-half-duplex: only the client side of one long connection: SYN, ACK, N requests, nothing back', async () => {
  const duration = 30;
  const packets = await generate({ kind: 'http-half-duplex', count: 200, duration, seed: 8 });
  expectSoundTrace(packets, duration);
  const conns = groupBy(packets, connectionKey);
  expect(conns.size).toBe(1);
  const [conn] = [...conns.values()];
  const client = conn![0]!.ipv4!.src;
  expect(conn!.every((p) => p.ipv4!.src === client)).toBe(true);
  expect(conn).toHaveLength(202);
  expect(isOnly(conn![0]!, TCP_SYN)).toBe(true);
  expect(isOnly(conn![1]!, TCP_ACK)).toBe(true);
  // The client acknowledges the (unseen) SYN-ACK and nothing more: the server never answers.
  expect(new Set(conn!.slice(1).map((p) => p.tcp!.ack)).size).toBe(1);
  let next = (conn![0]!.tcp!.seq + 1) >>> 0;
  for (const p of conn!.slice(1)) {
    expect(p.tcp!.seq).toBe(next);
    next = (next + p.tcp!.payload.length) >>> 0;
  }
  const requests = conn!.slice(2);
  expect(requests.every((p) => has(p, TCP_PSH | TCP_ACK))).toBe(true);
  expect(requests.map((p) => httpMessages(p.tcp!.payload.toString('latin1'), 'request').length)).toEqual(requests.map(() => 1));
});
