// The ASCII encoder against Zeek's own output: the recorded escapes.log of a real Zeek 8.2.2 byte for
// byte, then each escaping and number rule on its own (zeek-facts.md, Zeek's ODesc/formatter).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  canonicalAddr,
  canonicalSubnet,
  encodeAsciiHeader,
  encodeAsciiLog,
  encodeAsciiRecord,
  encodeAsciiValue,
  formatDouble,
  formatFixed6,
  zeekLogTimestamp,
  type AsciiColumn,
} from '../../harness/zeek-log/encode-ascii.js';
import { REPO } from '../helpers/run-cli.js';

const recordings = path.join(REPO, '..', 'shared', 'zeek-reference');
const withRecordings = existsSync(recordings) ? test : test.skip;

// escapes.zeek's Info record, in its column order.
const escapesColumns: AsciiColumn[] = [
  { name: 's', type: 'string' },
  { name: 'ss', type: 'set[string]' },
  { name: 'v', type: 'vector[count]' },
  { name: 'u', type: 'string' },
  { name: 'e', type: 'set[string]' },
  { name: 'i', type: 'interval' },
  { name: 't', type: 'time' },
  { name: 'd', type: 'double' },
  { name: 'a', type: 'addr' },
  { name: 'p', type: 'port' },
  { name: 'n', type: 'subnet' },
  { name: 'b', type: 'bool' },
];

withRecordings("reproduces the recorded escapes.log byte for byte from escapes.zeek's values", () => {
  const script = readFileSync(path.join(recordings, 'escapes.zeek'), 'utf8');
  // The values below are transcribed from the script; make sure it is still the script they came from.
  expect(script).toContain('$s="tab\\there,comma", $ss=set("a,b", "-", "(empty)")');
  expect(script).toContain('$s="#hash \\x00 nul \\xff high \\\\ back"');
  expect(script).toContain('$v=vector(18446744073709551615)');
  const records = [
    // Zeek iterates a set in hash order; the elements are listed in the order the recording shows.
    {
      s: 'tab\there,comma',
      ss: ['a,b', '-', '(empty)'],
      v: [1, 2, 3],
      e: [],
      i: 1.5,
      t: 1234567890.5,
      d: 3.25,
      a: '[2001:db8::1]',
      p: 53,
      n: '10.0.0.0/8',
      b: true,
    },
    { s: '-', ss: [], v: [], u: '', e: [''], i: 0, t: 0, d: 1e20, a: '127.0.0.1', p: 0, n: '[::]/0', b: false },
    // \x00 and \xff are bytes of a Zeek string, not text: given as bytes.
    {
      s: Buffer.from('#hash \x00 nul \xff high \\ back', 'latin1'),
      ss: ['x'],
      v: [0],
      e: ['y'],
      i: -120,
      t: 1.000001,
      d: 0.1,
      a: '0.0.0.0',
      p: 65535,
      n: '192.168.0.0/16',
      b: true,
    },
    {
      s: '(empty)',
      ss: ['a\tb'],
      v: [18446744073709551615n],
      e: ['-'],
      i: 3600,
      t: 1700000000.123456,
      d: -0.000001,
      a: '[::ffff:1.2.3.4]',
      p: 8080,
      n: '[2001:db8::]/32',
      b: true,
    },
  ];
  const recorded = readFileSync(path.join(recordings, 'escapes-ascii', 'escapes.log'));
  const encoded = encodeAsciiLog({ path: 'escapes', columns: escapesColumns, open: '2026-11-22-14-46-46', close: '2026-11-22-14-46-46', records });
  expect(Buffer.from(encoded, 'utf8').equals(recorded)).toBe(true);
  expect(encoded).toBe(recorded.toString('utf8'));
});

describe('escaping rules', () => {
  test.each([
    ['a tab inside a string', 'string', 'a\tb', 'a\\x09b'],
    ['a comma in a string is literal', 'string', 'a,b', 'a,b'],
    ['a comma inside a set element', 'set[string]', ['a,b', 'c'], 'a\\x2cb,c'],
    ['a comma inside a vector element', 'vector[string]', ['a,b'], 'a\\x2cb'],
    ['a string that is exactly -', 'string', '-', '\\x2d'],
    ['a string that is exactly (empty)', 'string', '(empty)', '\\x28empty)'],
    ['a string that only starts with -', 'string', '-x', '-x'],
    ['set elements - and (empty)', 'set[string]', ['-', '(empty)'], '\\x2d,\\x28empty)'],
    ['the empty string', 'string', '', '(empty)'],
    ['an empty set', 'set[string]', [], '(empty)'],
    ['an empty vector', 'vector[count]', [], '(empty)'],
    ['a set holding only the empty string (ambiguous)', 'set[string]', [''], '(empty)'],
    ['the empty string among other elements', 'set[string]', ['', 'a'], '(empty),a'],
    ['an unset field', 'string', null, '-'],
    ['an unset vector element', 'vector[count]', [1, null, 3], '1,-,3'],
    ['NUL', 'string', 'a\u0000b', 'a\\x00b'],
    ['other controls and DEL', 'string', '\r\n\u001b\u007f', '\\x0d\\x0a\\x1b\\x7f'],
    ['a backslash is doubled', 'string', 'a\\b', 'a\\\\b'],
    ['text that looks like an escape', 'string', '\\x41', '\\\\x41'],
    ['valid UTF-8 passes through', 'string', 'é😀', 'é😀'],
    ['a lone high byte', 'string', Buffer.from([0x61, 0xff, 0x62]), 'a\\xffb'],
    ['a cut UTF-8 sequence', 'string', Buffer.from([0xc3]), '\\xc3'],
    ['an overlong UTF-8 sequence', 'string', Buffer.from([0xc0, 0xaf]), '\\xc0\\xaf'],
    ['a UTF-16 surrogate encoded as UTF-8', 'string', Buffer.from([0xed, 0xa0, 0x80]), '\\xed\\xa0\\x80'],
    ['enum is written like a string', 'enum', 'Notice::ACTION_LOG', 'Notice::ACTION_LOG'],
  ] as const)('%s', (_name, type, value, expected) => {
    expect(encodeAsciiValue(type, value as never)).toBe(expected);
  });

  test('without LogAscii::enable_utf_8 every byte outside 0x20-0x7e is escaped', () => {
    expect(encodeAsciiValue('string', 'é~', { utf8: false })).toBe('\\xc3\\xa9~');
  });

  test('# is escaped only where it would start the line', () => {
    const columns: AsciiColumn[] = [
      { name: 'a', type: 'string' },
      { name: 'b', type: 'string' },
    ];
    expect(encodeAsciiRecord(columns, { a: '#x', b: '#y' })).toBe('\\x23x\t#y');
    expect(encodeAsciiRecord([{ name: 'a', type: 'set[string]' }], { a: ['#x', '#y'] })).toBe('\\x23x,#y');
    expect(encodeAsciiRecord(columns, { a: 'x', b: '#y' })).toBe('x\t#y');
  });

  test('another separator is escaped in values and written escaped in the header', () => {
    const format = { separator: '|', setSeparator: ';' };
    expect(encodeAsciiValue('string', 'a|b;c,d', format)).toBe('a\\x7cb;c,d');
    expect(encodeAsciiValue('set[string]', ['a;b', 'c'], format)).toBe('a\\x3bb;c');
    expect(
      encodeAsciiHeader('x', [{ name: 'a', type: 'count' }], '2026-01-02-03-04-05', format)
        .split('\n')
        .slice(0, 2),
    ).toEqual(['#separator \\x7c', '#set_separator|;']);
  });
});

describe('numbers', () => {
  test.each([
    ['count beyond 2^53', 'count', 18446744073709551615n, '18446744073709551615'],
    ['count 2^53 + 1', 'count', 9007199254740993n, '9007199254740993'],
    ['int minimum', 'int', -(2n ** 63n), '-9223372036854775808'],
    ['port has no protocol', 'port', 443, '443'],
    ['double keeps what it needs', 'double', 3.25, '3.25'],
    ['double 0.1', 'double', 0.1, '0.1'],
    ['double whole numbers get .0', 'double', 2, '2.0'],
    ['double 1e20 without exponent', 'double', 1e20, '100000000000000000000.0'],
    ['double rounds to six decimals', 'double', 1.23456789, '1.234568'],
    ['double below a micro rounds to zero', 'double', 1e-10, '0.0'],
    ['double negative zero', 'double', -0, '-0.0'],
    ['double exact tie rounds half to even', 'double', 1 / 128, '0.007812'],
    ['double infinity', 'double', -Infinity, '-inf'],
    ['double nan', 'double', NaN, 'nan'],
    ['time has six decimals', 'time', 1234567890.5, '1234567890.500000'],
    ['interval negative', 'interval', -120, '-120.000000'],
    ['interval zero', 'interval', 0, '0.000000'],
  ] as const)('%s', (_name, type, value, expected) => {
    expect(encodeAsciiValue(type, value)).toBe(expected);
  });

  test('values outside a type are refused, not written wrong', () => {
    expect(() => encodeAsciiValue('count', -1)).toThrow(/out of range for count/);
    expect(() => encodeAsciiValue('count', 2n ** 64n)).toThrow(/out of range/);
    expect(() => encodeAsciiValue('count', 1.5)).toThrow(/whole number/);
    expect(() => encodeAsciiValue('set[string]', 'x')).toThrow(/needs an array/);
  });

  test('exact fixed formatting of huge doubles', () => {
    expect(formatFixed6(2 ** 80)).toBe('1208925819614629174706176.000000');
    // The exact integer a huge double holds, computed independently by BigInt.
    expect(formatDouble(1e300)).toBe(`${BigInt(1e300).toString()}.0`);
    expect(formatDouble(-(2 ** 70))).toBe(`-${(2n ** 70n).toString()}.0`);
  });
});

describe('addresses', () => {
  test.each([
    ['127.0.0.1', '127.0.0.1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['2001:0DB8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
    ['[::ffff:1.2.3.4]', '1.2.3.4'],
    ['::ffff:0:1', '0.0.0.1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['::1.2.3.4', '::1.2.3.4'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
  ])('%s is written %s', (input, expected) => {
    expect(canonicalAddr(input)).toBe(expected);
    expect(canonicalAddr(expected)).toBe(expected);
  });

  test('subnets and bad input', () => {
    expect(canonicalSubnet('[2001:db8::]/32')).toBe('2001:db8::/32');
    expect(canonicalSubnet('[::]/0')).toBe('::/0');
    expect(() => canonicalAddr('1.2.3')).toThrow(/not an address/);
    expect(() => canonicalAddr('1:2:3:4:5:6:7:8:9')).toThrow(/not an address/);
    expect(() => canonicalSubnet('10.0.0.0')).toThrow(/addr\/width/);
  });
});

test('log timestamps are local %Y-%m-%d-%H-%M-%S and a log without close has no #close line', () => {
  expect(zeekLogTimestamp(new Date(2026, 10, 2, 3, 4, 5))).toBe('2026-11-02-03-04-05');
  const text = encodeAsciiLog({ path: 'p', columns: [{ name: 'x', type: 'count' }], open: 'o', records: [{ x: 1 }] });
  expect(text.endsWith('#types\tcount\n1\n')).toBe(true);
});
