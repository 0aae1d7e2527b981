// Property: any record of any supported column type, written as Zeek writes ASCII logs (plain or
// gzip, default or other separators/markers), reads back through readZeekLog as the same values.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeAsciiLog, encodeAsciiValue, type EncodableValue, type ZeekColumnType } from '../../harness/zeek-log/encode-ascii.js';
import { readZeekLog } from '../../harness/zeek-log/read-zeek-log.js';
import type { ZeekValue } from '../../harness/zeek-log/types.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { COLUMN_SPECS, FORMATS, SCALARS, type ColumnSpec, type Sample } from './zeek-value-arbitraries.js';
import { propertyParams } from '../helpers/property-params.js';

const tmp = useTempDir();

interface Generated {
  columns: ZeekColumnType[];
  rows: Array<Array<Sample | null>>;
  format: (typeof FORMATS)[number];
  gzip: boolean;
}

const unsetOr = (sample: fc.Arbitrary<Sample>) => fc.oneof({ weight: 9, arbitrary: sample }, { weight: 1, arbitrary: fc.constant(null) });

// Column types by name, so a counterexample reads as types and values.
const sampleOf = new Map<ZeekColumnType, ColumnSpec['sample']>(COLUMN_SPECS.map((c) => [c.type, c.sample]));
const logs: fc.Arbitrary<Generated> = fc.array(fc.constantFrom(...COLUMN_SPECS.map((c) => c.type)), { minLength: 1, maxLength: 6 }).chain((columns) =>
  fc.record({
    columns: fc.constant(columns),
    rows: fc.array(fc.tuple(...columns.map((t) => unsetOr(sampleOf.get(t) as ColumnSpec['sample']))), { maxLength: 8 }),
    format: fc.constantFrom(...FORMATS),
    gzip: fc.boolean(),
  }),
);

async function readBack(file: string): Promise<{ values: Array<Record<string, ZeekValue>>; warnings: string[] }> {
  const stream = readZeekLog(file);
  const values: Array<Record<string, ZeekValue>> = [];
  for await (const r of stream) values.push(r.values);
  return { values, warnings: stream.stats.warnings };
}

test('every supported type round-trips through the encoder and the reader', async () => {
  const file = () => path.join(tmp(), 'roundtrip.log');
  await fc.assert(
    fc.asyncProperty(logs, async ({ columns, rows, format, gzip }) => {
      const names = columns.map((_, i) => `c${i}`);
      const text = encodeAsciiLog({
        path: 'roundtrip',
        columns: columns.map((type, i) => ({ name: names[i] as string, type })),
        open: '2026-11-22-14-46-46',
        close: '2026-11-22-14-46-47',
        records: rows.map((row) => Object.fromEntries(row.map((s, i): [string, EncodableValue] => [names[i] as string, s ? s.value : null]))),
        format,
      });
      writeFileSync(file(), gzip ? gzipSync(text) : text);
      const { values, warnings } = await readBack(file());
      expect(warnings).toEqual([]);
      expect(values).toEqual(rows.map((row) => Object.fromEntries(row.map((s, i) => [names[i] as string, s ? s.expected : null]))));
    }),
    propertyParams(250),
  );
});

test('no value of any type writes a raw separator or newline, or an empty field', () => {
  for (const [type, sample] of Object.entries(SCALARS)) {
    fc.assert(
      fc.property(sample, (s) => {
        const field = encodeAsciiValue(type as keyof typeof SCALARS, s.value);
        expect(field).not.toMatch(/[\t\n]/);
        expect(field.length).toBeGreaterThan(0);
      }),
      propertyParams(200),
    );
  }
});
