import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { PcapFormatError, type PcapFailure } from '../../harness/pcap/pcap-format-error.js';
import { readPcapHeader, readPcapInfo } from '../../harness/pcap/pcap-info.js';
import { PcapReader, type PcapRecord } from '../../harness/pcap/pcap-reader.js';
import { PcapWriter } from '../../harness/pcap/pcap-writer.js';
import { makeTempDir, removeDir, sha256File } from '../workloads/trace-helpers.js';
import { propertyParams } from '../helpers/property-params.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('pcap-reader');
});
afterAll(() => removeDir(dir));

async function readAll(file: string): Promise<PcapRecord[]> {
  const r = await PcapReader.open(file);
  const out: PcapRecord[] = [];
  try {
    for (let rec = await r.next(true); rec; rec = await r.next(true)) out.push(rec);
  } finally {
    await r.close();
  }
  return out;
}

/** Builds a classic pcap by hand, independently of PcapWriter, in any of its variants. */
function classicPcap(
  packets: Array<{ sec: number; frac: number; data: Buffer; origLen?: number }>,
  o: { le: boolean; nanos?: boolean; modified?: boolean; linktype?: number; snaplen?: number },
): Buffer {
  const magic = o.modified ? 0xa1b2cd34 : o.nanos ? 0xa1b23c4d : 0xa1b2c3d4;
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    if (o.le) b.writeUInt32LE(v >>> 0);
    else b.writeUInt32BE(v >>> 0);
    return b;
  };
  const u16 = (v: number) => {
    const b = Buffer.alloc(2);
    if (o.le) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  };
  const parts: Buffer[] = [u32(magic), u16(2), u16(4), u32(0), u32(0), u32(o.snaplen ?? 65535), u32(o.linktype ?? 1)];
  for (const p of packets) {
    parts.push(u32(p.sec), u32(p.frac), u32(p.data.length), u32(p.origLen ?? p.data.length));
    if (o.modified) parts.push(Buffer.alloc(8)); // ifindex, protocol, pkt_type, pad
    parts.push(p.data);
  }
  return Buffer.concat(parts);
}

/** A pcapng block: type, length, body padded to 4 bytes, length again. */
function block(type: number, body: Buffer, le = true): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const len = 12 + padded.length;
  const head = Buffer.alloc(8);
  const tail = Buffer.alloc(4);
  if (le) {
    head.writeUInt32LE(type, 0);
    head.writeUInt32LE(len, 4);
    tail.writeUInt32LE(len, 0);
  } else {
    head.writeUInt32BE(type, 0);
    head.writeUInt32BE(len, 4);
    tail.writeUInt32BE(len, 0);
  }
  return Buffer.concat([head, padded, tail]);
}

function fields(le: boolean, spec: Array<[bits: 16 | 32, value: number]>): Buffer {
  return Buffer.concat(
    spec.map(([bits, v]) => {
      const b = Buffer.alloc(bits / 8);
      if (bits === 16) {
        if (le) b.writeUInt16LE(v);
        else b.writeUInt16BE(v);
      } else if (le) b.writeUInt32LE(v >>> 0);
      else b.writeUInt32BE(v >>> 0);
      return b;
    }),
  );
}

function option(code: number, value: Buffer, le: boolean): Buffer {
  const pad = Buffer.alloc((4 - (value.length % 4)) % 4);
  return Buffer.concat([
    fields(le, [
      [16, code],
      [16, value.length],
    ]),
    value,
    pad,
  ]);
}

const shb = (le = true) =>
  block(
    0x0a0d0d0a,
    Buffer.concat([
      fields(le, [
        [32, 0x1a2b3c4d],
        [16, 1],
        [16, 0],
        [32, 0xffffffff],
        [32, 0xffffffff],
      ]),
    ]),
    le,
  );

function idb(le: boolean, linktype: number, opts: { tsresol?: number; tsoffset?: bigint; snaplen?: number } = {}): Buffer {
  const parts = [
    fields(le, [
      [16, linktype],
      [16, 0],
      [32, opts.snaplen ?? 0],
    ]),
  ];
  if (opts.tsresol !== undefined) parts.push(option(9, Buffer.of(opts.tsresol), le));
  if (opts.tsoffset !== undefined) {
    const v = Buffer.alloc(8);
    if (le) v.writeBigInt64LE(opts.tsoffset);
    else v.writeBigInt64BE(opts.tsoffset);
    parts.push(option(14, v, le));
  }
  if (parts.length > 1) parts.push(Buffer.alloc(4)); // opt_endofopt
  return block(1, Buffer.concat(parts), le);
}

function epb(le: boolean, iface: number, ts: bigint, data: Buffer, origLen = data.length): Buffer {
  return block(
    6,
    Buffer.concat([
      fields(le, [
        [32, iface],
        [32, Number(ts >> 32n)],
        [32, Number(ts & 0xffffffffn)],
        [32, data.length],
        [32, origLen],
      ]),
      data,
    ]),
    le,
  );
}

const frameOf = (n: number, fill: number) => Buffer.alloc(n, fill);

describe('classic pcap', () => {
  test('PcapWriter output reads back packet for packet, with its SHA-256', async () => {
    const file = path.join(dir, 'roundtrip.pcap');
    const w = await PcapWriter.create(file);
    const written: Array<{ ts: number; data: Buffer }> = [];
    let ts = 1_700_000_000_000_000;
    // Over 1 MB in total so the writer flushes and the reader's window refills mid-record.
    for (let i = 0; i < 1500; i++) {
      ts += 1 + ((i * 7919) % 1_000_003);
      const data = frameOf(60 + ((i * 131) % 1400), i & 0xff);
      written.push({ ts, data });
      await w.write(ts, data);
    }
    const summary = await w.close();
    expect(summary.packets).toBe(1500);
    expect(summary.sha256).toBe(await sha256File(file));
    const back = await readAll(file);
    expect(back).toHaveLength(1500);
    back.forEach((rec, i) => {
      expect(Math.round(rec.ts! * 1e6)).toBe(written[i]!.ts);
      expect(rec.data!.equals(written[i]!.data)).toBe(true);
      expect(rec.origLen).toBe(written[i]!.data.length);
    });
    const info = await readPcapInfo(file);
    expect(info).toEqual({
      format: 'pcap',
      linktype: 1,
      packets: 1500,
      firstTs: written[0]!.ts / 1e6,
      lastTs: written[1499]!.ts / 1e6,
      bytes: summary.bytes,
      dataBytes: written.reduce((s, p) => s + p.data.length, 0),
    });
  });

  type Variant = { le: boolean; nanos?: boolean; modified?: boolean };
  test.each<[string, Variant]>([
    ['little-endian microseconds', { le: true }],
    ['big-endian microseconds', { le: false }],
    ['little-endian nanoseconds', { le: true, nanos: true }],
    ['big-endian nanoseconds', { le: false, nanos: true }],
    ['modified (Kuznetzov) format', { le: true, modified: true }],
    ['big-endian modified format', { le: false, modified: true }],
  ])('%s', async (_name, o) => {
    const unit = o.nanos ? 1e9 : 1e6;
    const packets = [
      { sec: 1300000000, frac: Math.round(0.25 * unit), data: frameOf(60, 1) },
      { sec: 1300000005, frac: Math.round(0.5 * unit), data: frameOf(90, 2), origLen: 1514 },
      // Out of order: the span still runs from the earliest to the latest timestamp.
      { sec: 1299999999, frac: o.nanos ? 123456789 : 123456, data: frameOf(70, 3) },
    ];
    const file = path.join(dir, `variant-${JSON.stringify(o).replace(/\W/g, '')}.pcap`);
    await writeFile(file, classicPcap(packets, { ...o, linktype: 101 }));
    const info = await readPcapInfo(file);
    expect(info.format).toBe('pcap');
    expect(info.linktype).toBe(101);
    expect(info.packets).toBe(3);
    expect(info.firstTs).toBeCloseTo(1299999999 + (o.nanos ? 0.123456789 : 0.123456), 6);
    expect(info.lastTs).toBe(1300000005.5);
    expect(info.dataBytes).toBe(220);
    const recs = await readAll(file);
    expect(recs.map((r) => r.origLen)).toEqual([60, 1514, 70]);
    expect(recs[1]!.data!.equals(frameOf(90, 2))).toBe(true);
  });

  test('the link type ignores the FCS bits in the upper half of the field', async () => {
    const file = path.join(dir, 'fcs.pcap');
    await writeFile(file, classicPcap([], { le: true, linktype: 0x14000001 }));
    expect((await readPcapInfo(file)).linktype).toBe(1);
  });

  test('an empty trace (header only) has no packets and zero timestamps', async () => {
    const file = path.join(dir, 'header-only.pcap');
    await (await PcapWriter.create(file)).close();
    expect(await readPcapInfo(file)).toMatchObject({ packets: 0, firstTs: 0, lastTs: 0, bytes: 24 });
  });

  test('random packets survive a write/read round trip (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 5_000_000 }), data: fc.uint8Array({ minLength: 1, maxLength: 300 }) }), {
          maxLength: 40,
        }),
        async (pkts) => {
          const file = path.join(dir, 'prop.pcap');
          const w = await PcapWriter.create(file);
          let ts = 1_000_000_000_000_000;
          const tss: number[] = [];
          for (const p of pkts) {
            ts += p.gap;
            tss.push(ts);
            await w.write(ts, p.data);
          }
          await w.close();
          const back = await readAll(file);
          expect(back.map((r) => Math.round(r.ts! * 1e6))).toEqual(tss);
          expect(back.map((r) => Buffer.from(r.data!).toString('hex'))).toEqual(pkts.map((p) => Buffer.from(p.data).toString('hex')));
        },
      ),
      propertyParams(40),
    );
  });
});

describe('pcapng', () => {
  test('SHB + IDB + EPBs, little-endian, default microsecond resolution', async () => {
    const file = path.join(dir, 'basic.pcapng');
    await writeFile(
      file,
      Buffer.concat([shb(), idb(true, 1), epb(true, 0, 1_600_000_000_500_000n, frameOf(60, 7)), epb(true, 0, 1_600_000_010_000_000n, frameOf(80, 8), 1514)]),
    );
    expect(await readPcapInfo(file)).toMatchObject({ format: 'pcapng', linktype: 1, packets: 2, firstTs: 1600000000.5, lastTs: 1600000010, dataBytes: 140 });
    const recs = await readAll(file);
    expect(recs[1]).toMatchObject({ caplen: 80, origLen: 1514, interfaceId: 0 });
    expect(recs[1]!.data!.equals(frameOf(80, 8))).toBe(true);
  });

  test('big-endian section, nanosecond and power-of-two resolutions, a time offset, two interfaces', async () => {
    const le = false;
    const file = path.join(dir, 'be.pcapng');
    await writeFile(
      file,
      Buffer.concat([
        shb(le),
        idb(le, 1, { tsresol: 9 }),
        idb(le, 113, { tsresol: 0x80 | 20, tsoffset: 1000n }),
        epb(le, 0, 1_600_000_000_123_456_789n, frameOf(60, 1)),
        // 2^-20 units: 3 * 2^20 units = 3 s, plus the 1000 s offset.
        epb(le, 1, 3n * 1048576n, frameOf(40, 2)),
      ]),
    );
    const info = await readPcapInfo(file);
    expect(info).toMatchObject({ format: 'pcapng', linktype: 1, packets: 2 });
    expect(info.firstTs).toBe(1003);
    expect(info.lastTs).toBeCloseTo(1600000000.123457, 6);
    const recs = await readAll(file);
    expect(recs.map((r) => r.linktype)).toEqual([1, 113]);
  });

  test('simple and obsolete packet blocks; other blocks are skipped; a second section resets interfaces', async () => {
    const spb = block(3, Buffer.concat([fields(true, [[32, 1514]]), frameOf(64, 9)]));
    const opb = block(
      2,
      Buffer.concat([
        fields(true, [
          [16, 0],
          [16, 0],
          [32, 0],
          [32, 2_000_000],
          [32, 10],
          [32, 10],
        ]),
        frameOf(10, 4),
      ]),
    );
    const nrb = block(4, Buffer.alloc(8));
    const le2 = false;
    const file = path.join(dir, 'mixed.pcapng');
    await writeFile(file, Buffer.concat([shb(), idb(true, 1, { snaplen: 64 }), nrb, spb, opb, shb(le2), idb(le2, 1), epb(le2, 0, 5_000_000n, frameOf(60, 5))]));
    const recs = await readAll(file);
    expect(recs.map((r) => [r.ts, r.caplen, r.origLen])).toEqual([
      [undefined, 64, 1514], // SPB: no timestamp; caplen limited by the snaplen
      [2, 10, 10],
      [5, 60, 60],
    ]);
    expect(await readPcapInfo(file)).toMatchObject({ packets: 3, firstTs: 2, lastTs: 5 });
  });

  test('a packet naming an undefined interface is reported', async () => {
    const file = path.join(dir, 'bad-iface.pcapng');
    await writeFile(file, Buffer.concat([shb(), idb(true, 1), epb(true, 3, 0n, frameOf(60, 1))]));
    await expect(readPcapInfo(file)).rejects.toThrow(/refers to interface 3, but only 1 are defined/);
  });

  test('mismatched block lengths and a block cut short are reported', async () => {
    const good = Buffer.concat([shb(), idb(true, 1), epb(true, 0, 0n, frameOf(60, 1))]);
    const mismatched = Buffer.from(good);
    mismatched.writeUInt32LE(999, mismatched.length - 4);
    await writeFile(path.join(dir, 'mismatch.pcapng'), mismatched);
    await expect(readPcapInfo(path.join(dir, 'mismatch.pcapng'))).rejects.toThrow(/mismatched leading and trailing lengths/);
    await writeFile(path.join(dir, 'cut.pcapng'), good.subarray(0, good.length - 10));
    await expect(readPcapInfo(path.join(dir, 'cut.pcapng'))).rejects.toThrow(/ends inside a pcapng block .*cut short/);
  });
});

describe('files that are not traces', () => {
  const cases: Array<[string, Buffer, RegExp, PcapFailure]> = [
    ['empty', Buffer.alloc(0), /the file is empty/, 'not-a-trace'],
    ['gzip', gzipSync(classicPcap([], { le: true })), /gzip-compressed.*decompress it first/, 'not-a-trace'],
    ['text', Buffer.from('#separator \\x09\n#fields\tts\n'), /not a pcap or pcapng trace \(starts with bytes 23 73 65 70\)/, 'not-a-trace'],
    ['short header', classicPcap([], { le: true }).subarray(0, 10), /truncated pcap file header: 10 of 24 bytes/, 'truncated'],
    [
      'cut record',
      classicPcap([{ sec: 1, frac: 0, data: frameOf(100, 1) }], { le: true }).subarray(0, 24 + 16 + 50),
      /ends inside packet 1 \(packet data: 50 of 100 bytes\)/,
      'truncated',
    ],
    [
      'cut record header',
      classicPcap(
        [
          { sec: 1, frac: 0, data: frameOf(10, 1) },
          { sec: 2, frac: 0, data: frameOf(10, 1) },
        ],
        { le: true },
      ).subarray(0, 24 + 26 + 5),
      /ends inside packet 2 \(record header: 5 of 16 bytes\)/,
      'truncated',
    ],
    [
      'corrupt caplen',
      classicPcap([{ sec: 1, frac: 0, data: Buffer.alloc(0) }], { le: true }).fill(0xff, 24 + 8, 24 + 12),
      /packet 1 has an invalid capture length 4294967295/,
      'corrupt',
    ],
  ];
  test.each(cases)('%s', async (name, bytes, message, kind) => {
    const file = path.join(dir, `bad-${name.replace(/ /g, '-')}.pcap`);
    await writeFile(file, bytes);
    const err = await readPcapInfo(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PcapFormatError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message.startsWith(file)).toBe(true);
    // The kind lets a caller tell a trace cut short (readable up to the cut) from one that is not a trace.
    expect((err as PcapFormatError).kind).toBe(kind);
  });

  test('a missing file is an fs error (ENOENT), not a format error', async () => {
    await expect(readPcapInfo(path.join(dir, 'nope.pcap'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('readPcapHeader', () => {
  test('names the format and link type without reading the packets', async () => {
    const pcap = path.join(dir, 'header.pcap');
    // A record cut short: readPcapInfo would refuse it, the header alone is fine.
    await writeFile(pcap, classicPcap([{ sec: 1, frac: 0, data: frameOf(100, 1) }], { le: false, linktype: 1 }).subarray(0, 60));
    expect(await readPcapHeader(pcap)).toEqual({ format: 'pcap', linktype: 1 });
    await expect(readPcapInfo(pcap)).rejects.toThrow(PcapFormatError);
    const ng = path.join(dir, 'header.pcapng');
    await writeFile(ng, Buffer.concat([shb(false), idb(false, 228), epb(false, 0, 0n, frameOf(20, 1))]));
    expect(await readPcapHeader(ng)).toEqual({ format: 'pcapng', linktype: 228 });
    await writeFile(path.join(dir, 'header.txt'), 'hello');
    await expect(readPcapHeader(path.join(dir, 'header.txt'))).rejects.toThrow(/not a pcap or pcapng trace/);
  });
});
