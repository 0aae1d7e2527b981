import fc from 'fast-check';
import { decodeEthernetFrame } from '../../harness/pcap/decode-packet.js';
import { buildTcpFrame, buildUdpFrame, formatIpv4, ipv4, TCP_ACK, TCP_PSH, TCP_SYN, type Ipv4Fields } from '../../harness/pcap/frame-builder.js';
import { finishChecksum, sumWords } from '../../harness/pcap/internet-checksum.js';
import { propertyParams } from '../helpers/property-params.js';

const ip: Ipv4Fields = {
  srcMac: Uint8Array.of(2, 0, 0, 0, 0, 1),
  dstMac: Uint8Array.of(2, 0, 0, 0, 0, 2),
  src: ipv4(10, 10, 0, 1),
  dst: ipv4(192, 0, 2, 10),
  ttl: 64,
  id: 0x1234,
  dontFragment: true,
};

test('Internet checksum matches the worked example of RFC 1071 section 3', () => {
  // RFC 1071: the words 0001 f203 f4f5 f6f7 sum (with end-around carry) to ddf2; checksum = ~ddf2.
  const data = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
  expect(sumWords(data, 0, data.length)).toBe(0xddf2);
  expect(finishChecksum(sumWords(data, 0, data.length))).toBe(0x220d);
});

test('IPv4 header checksum of a known header (Wikipedia example) is b861', () => {
  const header = Buffer.from('450000730000400040110000c0a80001c0a800c7', 'hex');
  expect(finishChecksum(sumWords(header, 0, 20))).toBe(0xb861);
});

test('a TCP frame decodes back to its fields with valid checksums', () => {
  const payload = Buffer.from('GET / HTTP/1.1\r\n\r\n');
  const frame = buildTcpFrame(ip, {
    srcPort: 40000,
    dstPort: 80,
    seq: 0xfffffff0,
    ack: 77,
    flags: TCP_PSH | TCP_ACK,
    window: 502,
    payload,
  });
  expect(frame.length).toBe(14 + 20 + 20 + payload.length);
  const d = decodeEthernetFrame(frame);
  expect(d.srcMac).toBe('02:00:00:00:00:01');
  expect(d.dstMac).toBe('02:00:00:00:00:02');
  expect(d.ipv4).toMatchObject({
    src: '10.10.0.1',
    dst: '192.0.2.10',
    ttl: 64,
    id: 0x1234,
    dontFragment: true,
    protocol: 6,
    totalLength: 20 + 20 + payload.length,
    headerChecksumOk: true,
  });
  expect(d.tcp).toMatchObject({ srcPort: 40000, dstPort: 80, seq: 0xfffffff0, ack: 77, flags: TCP_PSH | TCP_ACK, window: 502, checksumOk: true });
  expect(d.tcp?.payload.equals(payload)).toBe(true);
});

test('SYN options are carried and counted in the data offset', () => {
  const options = Uint8Array.of(0x02, 0x04, 0x05, 0xb4);
  const frame = buildTcpFrame(ip, { srcPort: 1, dstPort: 2, seq: 1, ack: 0, flags: TCP_SYN, window: 64240, options });
  expect(frame[14 + 20 + 12]! >> 4).toBe(6);
  const d = decodeEthernetFrame(frame);
  expect(Array.from(d.tcp!.options)).toEqual(Array.from(options));
  expect(d.tcp!.checksumOk).toBe(true);
  expect(() => buildTcpFrame(ip, { srcPort: 1, dstPort: 2, seq: 1, ack: 0, flags: TCP_SYN, window: 1, options: Uint8Array.of(1, 1, 1) })).toThrow(
    /multiple of 4/,
  );
});

test('the decoder notices a corrupted byte in every checksummed part', () => {
  const udp = buildUdpFrame(ip, { srcPort: 5353, dstPort: 53, payload: Buffer.from('hello world') });
  expect(decodeEthernetFrame(udp).udp?.checksumOk).toBe(true);
  const badPayload = Buffer.from(udp);
  badPayload[badPayload.length - 1]! ^= 0x01;
  expect(decodeEthernetFrame(badPayload).udp?.checksumOk).toBe(false);
  expect(decodeEthernetFrame(badPayload).ipv4?.headerChecksumOk).toBe(true);
  const badHeader = Buffer.from(udp);
  badHeader[14 + 8]! ^= 0x01; // TTL
  expect(decodeEthernetFrame(badHeader).ipv4?.headerChecksumOk).toBe(false);
  // The pseudo-header covers the addresses: a changed address breaks the UDP checksum too.
  const badAddr = Buffer.from(udp);
  badAddr[14 + 19]! ^= 0x01;
  expect(decodeEthernetFrame(badAddr).udp?.checksumOk).toBe(false);
});

test('any TCP/UDP frame the builder makes verifies (property)', () => {
  fc.assert(
    fc.property(
      fc.record({
        src: fc.integer({ min: 0, max: 0xffffffff }),
        dst: fc.integer({ min: 0, max: 0xffffffff }),
        id: fc.integer({ min: 0, max: 0xffff }),
        ttl: fc.integer({ min: 1, max: 255 }),
        sport: fc.integer({ min: 0, max: 0xffff }),
        dport: fc.integer({ min: 0, max: 0xffff }),
        seq: fc.integer({ min: 0, max: 0xffffffff }),
        ack: fc.integer({ min: 0, max: 0xffffffff }),
        flags: fc.integer({ min: 0, max: 0x3f }),
        payload: fc.uint8Array({ maxLength: 1500 }),
        udp: fc.boolean(),
      }),
      (r) => {
        const fields = { ...ip, src: r.src, dst: r.dst, id: r.id, ttl: r.ttl };
        const frame = r.udp
          ? buildUdpFrame(fields, { srcPort: r.sport, dstPort: r.dport, payload: r.payload })
          : buildTcpFrame(fields, { srcPort: r.sport, dstPort: r.dport, seq: r.seq, ack: r.ack, flags: r.flags, window: 1000, payload: r.payload });
        const d = decodeEthernetFrame(frame);
        expect(d.ipv4?.headerChecksumOk).toBe(true);
        expect(d.ipv4?.src).toBe(formatIpv4(r.src));
        const l4 = r.udp ? d.udp : d.tcp;
        expect(l4?.checksumOk).toBe(true);
        expect(Buffer.from(r.payload).equals(l4!.payload)).toBe(true);
        // A UDP checksum of zero would mean "none": the builder must send 0xffff instead.
        if (r.udp) expect(d.udp?.checksumPresent).toBe(true);
      },
    ),
    propertyParams(300),
  );
});
