// The backwards block reader: its blocks, put back in file order, are exactly the file's lines
// after the header (nothing lost or doubled at block edges, lines never split), whatever the block
// size, line lengths, CRLF ends or a last line without newline; and the head reader finds the
// header (and the first row's ts) of plain and gzip'ed logs from their first bytes.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { readLogHead, zeekTimeKey } from '../../harness/zeek-log/log-head.js';
import { TailBlocks } from '../../harness/zeek-log/tail-blocks.js';
import { propertyParams } from '../helpers/property-params.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();
let n = 0;

const HEADER =
  '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tmy_stats\n#open\t2026-11-22-14-45-13\n#fields\tts\trun\n#types\ttime\tcount\n';

test('blocks read backwards are the lines after the header, in order, none split', async () => {
  const line = fc.stringMatching(/^[a-z0-9\t#.]{0,300}$/);
  await fc.assert(
    fc.asyncProperty(fc.array(line, { maxLength: 60 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 600 }), async (lines, crlf, cutLast, block) => {
      const nl = crlf ? '\r\n' : '\n';
      let body = lines.map((l) => `${l}${nl}`).join('');
      if (cutLast && body.length > 0) body = body.slice(0, -nl.length);
      const file = path.join(tmp(), `t${n++}.log`);
      writeFileSync(file, HEADER + body);
      const head = await readLogHead(file);
      expect(head.header.toString()).toBe(body.length > 0 && !body.startsWith('#') ? HEADER : head.header.toString());
      const blocks = await TailBlocks.open(file, Buffer.byteLength(HEADER), block);
      const parts: Buffer[] = [];
      let ends = 0;
      for (let b = await blocks.previous(); b !== undefined; b = await blocks.previous()) {
        if (parts.length > 0) expect(b.bytes[b.bytes.length - 1]).toBe(0x0a);
        if (b.atEnd) ends++;
        parts.unshift(b.bytes);
        if (b.atStart) expect(b.start).toBe(Buffer.byteLength(HEADER));
      }
      await blocks.close();
      expect(Buffer.concat(parts).toString()).toBe(body);
      expect(ends).toBe(body.length > 0 ? 1 : 0);
    }),
    propertyParams(300),
  );
});

test("the head of a plain and a gzip log: header bytes, #open, schema lines, format, the first row's ts", async () => {
  const data = '1795358712.000000\t1\n'.repeat(5000);
  const plain = path.join(tmp(), 'my_stats.log');
  writeFileSync(plain, HEADER + data);
  const gz = path.join(tmp(), 'my_stats.log.gz');
  writeFileSync(gz, gzipSync(HEADER + data));
  for (const f of [plain, gz]) {
    const h = await readLogHead(f);
    expect(h.header.toString()).toBe(HEADER);
    expect(h.opened).toBe('2026-11-22 14:45:13');
    expect(h.format).toBe('ascii');
    expect(h.firstTs).toBe(1795358712);
    expect(h.schema.split('\n')).toEqual([
      '#separator \\x09',
      '#set_separator\t,',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#fields\tts\trun',
      '#types\ttime\tcount',
    ]);
  }
  expect((await readLogHead(gz)).compressed).toBe(true);
  const json = path.join(tmp(), 'j.log');
  writeFileSync(json, '{"ts":1.0,"run":1}\n');
  const j = await readLogHead(json);
  expect(j).toMatchObject({ format: 'json', header: Buffer.alloc(0) });
  expect(j.opened).toBeUndefined();
  expect(j.firstTs).toBe(1);
  expect(zeekTimeKey('2026-11-22-14-45-13')).toBe('2026-11-22 14:45:13');
});
