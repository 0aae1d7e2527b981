import fc from 'fast-check';
import { LineSplitter } from '../../harness/zeek-log/line-splitter.js';
import { propertyParams } from '../helpers/property-params.js';

function splitAll(bytes: Buffer, cuts: number[]): { lines: string[]; rest: string | null } {
  const s = new LineSplitter();
  const lines: string[] = [];
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    s.push(bytes.subarray(prev, c), (l) => lines.push(l));
    prev = c;
  }
  s.push(bytes.subarray(prev), (l) => lines.push(l));
  return { lines, rest: s.finish() };
}

test('lines are the same however the bytes are chunked, even inside a UTF-8 character', () => {
  const line = fc.string({ unit: fc.constantFrom('a', '\t', 'é', '€', '𝄞', '\\', 'x', '\r') });
  fc.assert(
    fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), (lines, trailingNewline, rawCuts) => {
      const text = lines.join('\n') + (trailingNewline && lines.length > 0 ? '\n' : '');
      const bytes = Buffer.from(text, 'utf8');
      const cuts = rawCuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1)));
      const got = splitAll(bytes, cuts);
      const expected = text.split('\n');
      const last = expected.pop() as string;
      const strip = (l: string): string => (l.endsWith('\r') ? l.slice(0, -1) : l);
      expect(got.lines).toEqual(expected.map(strip));
      expect(got.rest).toBe(last === '' ? null : strip(last));
    }),
    propertyParams(100),
  );
});

test('CRLF is stripped, a lone CR inside a line is kept', () => {
  const got = splitAll(Buffer.from('a\r\nb\rc\n'), [2]);
  expect(got.lines).toEqual(['a', 'b\rc']);
  expect(got.rest).toBeNull();
});
