// fast-check generators for Zeek log values: each yields the value to write and the value the
// reader must give back. Values are chosen so the text Zeek writes identifies them exactly
// (doubles with at most six decimals, times to the microsecond); the rounding itself is covered
// by encode-ascii.test.ts.
import fc from 'fast-check';
import { canonicalAddr, type AsciiFormat, type EncodableValue, type ZeekColumnType, type ZeekScalarType } from '../../harness/zeek-log/encode-ascii.js';
import type { ZeekValue } from '../../harness/zeek-log/types.js';

export interface Sample {
  value: EncodableValue;
  expected: ZeekValue;
}

export interface ColumnSpec {
  type: ZeekColumnType;
  sample: fc.Arbitrary<Sample>;
}

/** Text that trips escaping: markers, separators, backslashes, controls, non-ASCII. */
const TRICKY = [
  '',
  '-',
  '(empty)',
  '#',
  '#x',
  '\\',
  '\\x41',
  '\\\\',
  'a,b',
  ',',
  '\t',
  'a\tb',
  '\u0000',
  '\u007f',
  '\r',
  '\n',
  'é',
  '😀',
  '\u0085',
  ' ',
  '|',
  ';',
  'NONE',
  '<empty>',
  'x\\x2cy',
  '-x',
  '(empty)x',
];

export const zeekText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ unit: fc.constantFrom(...TRICKY.filter((t) => t.length > 0), 'a', 'Z', ':'), maxLength: 6 }).map((s) => s),
  fc.string({ unit: 'binary', maxLength: 10 }),
);

const safe = (v: bigint): number | bigint => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);

const count = fc
  .oneof(
    fc.nat().map((n) => BigInt(n)),
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    fc.constantFrom(0n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n),
  )
  .map((v): Sample => ({ value: v, expected: safe(v) }));

const int = fc
  .oneof(
    fc.integer().map((n) => BigInt(n)),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, -(2n ** 53n) - 1n),
  )
  .map((v): Sample => ({ value: v, expected: safe(v) }));

/** k / 10^j: at most six decimals and small enough that six decimals name the double exactly. */
const decimal = fc
  .tuple(fc.integer({ min: -1e15, max: 1e15 }), fc.integer({ min: 0, max: 6 }))
  .map(([k, j]) => k / 10 ** j)
  .filter((v) => Math.abs(v) <= 1e9 || Number.isInteger(v));

const double = fc
  .oneof(decimal, fc.constantFrom(Infinity, -Infinity, NaN, -0, 0, 1e20, 1e300, -1e300, 2 ** 53, 0.1, 3.25))
  .map((v): Sample => ({ value: v, expected: v }));

const micros = (min: number, max: number) => fc.integer({ min, max }).map((us) => us / 1e6);
const time = micros(0, 2_000_000_000_000_000).map((v): Sample => ({ value: v, expected: v }));
const interval = micros(-1_000_000_000_000_000, 1_000_000_000_000_000).map((v): Sample => ({ value: v, expected: v }));

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
// Zero groups are common so `::` shortening gets exercised.
const group = fc.oneof(fc.constant(0), fc.constant(0), fc.nat(0xffff));
const ipv6 = fc.array(group, { minLength: 8, maxLength: 8 }).map((w) => canonicalAddr(w.map((g) => g.toString(16)).join(':')));
const addr = fc.oneof(ipv4, ipv6, fc.constantFrom('::', '::1', '1.2.3.4')).map((a): Sample => ({ value: a, expected: a }));
const subnet = fc.tuple(fc.oneof(ipv4, ipv6), fc.nat(128)).map(([a, w]): Sample => ({ value: `${a}/${w}`, expected: `${a}/${w}` }));

const text = zeekText.map((s): Sample => ({ value: s, expected: s }));
const bool = fc.boolean().map((b): Sample => ({ value: b, expected: b }));
const port = fc.nat(65535).map((p): Sample => ({ value: p, expected: p }));

export const SCALARS: Record<ZeekScalarType, fc.Arbitrary<Sample>> = {
  string: text,
  enum: text,
  pattern: text,
  func: text,
  file: text,
  count,
  int,
  port,
  double,
  time,
  interval,
  bool,
  addr,
  subnet,
};

/** Element types worth putting in containers (the text-like ones behave alike). */
const ELEMENT_TYPES: ZeekScalarType[] = ['string', 'count', 'int', 'double', 'time', 'interval', 'bool', 'addr', 'subnet', 'port', 'enum'];

function container(kind: 'set' | 'vector', elementType: ZeekScalarType): ColumnSpec {
  const element = SCALARS[elementType];
  // Vectors may have unset elements; sets may not.
  const item =
    kind === 'vector' ? fc.oneof({ weight: 5, arbitrary: element }, { weight: 1, arbitrary: fc.constant<Sample>({ value: null, expected: null }) }) : element;
  const sample = fc.array(item, { maxLength: 4 }).map((items): Sample => {
    const only = items.length === 1 ? items[0] : undefined;
    // Zeek's ambiguities: one empty string is written like an empty container, one unset element
    // like an unset field.
    if (only && only.value === '') return { value: [''], expected: [] };
    if (only && only.value === null) return { value: [null], expected: null };
    return { value: items.map((i) => i.value), expected: items.map((i) => i.expected) };
  });
  return { type: `${kind}[${elementType}]`, sample };
}

export const COLUMN_SPECS: ColumnSpec[] = [
  ...(Object.keys(SCALARS) as ZeekScalarType[]).map((type) => ({ type, sample: SCALARS[type] })),
  ...ELEMENT_TYPES.flatMap((t) => [container('set', t), container('vector', t)]),
];

/** The writer settings a log may use: Zeek's defaults, other separators and markers, no UTF-8. */
export const FORMATS: Partial<AsciiFormat>[] = [
  {},
  { separator: '|', setSeparator: ';' },
  { separator: ' ', emptyField: '<empty>', unsetField: 'NONE' },
  { utf8: false },
];
