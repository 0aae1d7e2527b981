import { unescapeZeekAscii, unescapeZeekJsonString } from '../../harness/zeek-log/unescape.js';
import { parseCount, parseDouble, parseInt64 } from '../../harness/zeek-log/value-parsers.js';

test('ASCII escapes: \\xHH are bytes, \\\\ is one backslash, anything else is kept', () => {
  expect(unescapeZeekAscii('tab\\x09here')).toBe('tab\there');
  expect(unescapeZeekAscii('\\x2d')).toBe('-');
  expect(unescapeZeekAscii('a\\\\x41')).toBe('a\\x41');
  expect(unescapeZeekAscii('caf\\xc3\\xa9')).toBe('café');
  expect(unescapeZeekAscii('\\xff')).toBe('\ufffd');
  expect(unescapeZeekAscii('\\xZZ \\q')).toBe('\\xZZ \\q');
  expect(unescapeZeekAscii('no escapes')).toBe('no escapes');
});

test('JSON strings: only \\xHH is decoded (Zeek does not double backslashes in JSON)', () => {
  expect(unescapeZeekJsonString('#hash \\x00 nul \\ back')).toBe('#hash \u0000 nul \\ back');
  expect(unescapeZeekJsonString('a\\\\b')).toBe('a\\\\b');
});

test('counts and ints: exact numbers up to 2^53, bigint beyond, junk rejected', () => {
  expect(parseCount('0')).toBe(0);
  expect(parseCount('9007199254740991')).toBe(9007199254740991);
  expect(parseCount('9007199254740992')).toBe(9007199254740992n);
  expect(parseCount('18446744073709551615')).toBe(18446744073709551615n);
  expect(parseInt64('-5')).toBe(-5);
  expect(parseInt64('-9223372036854775808')).toBe(-9223372036854775808n);
  for (const bad of ['', '-1', '1.5', '1e3', ' 1', '0x10', '12345678901234567x']) expect(() => parseCount(bad)).toThrow(/not a count/);
  expect(() => parseInt64('-')).toThrow(/not an int/);
});

test('doubles: decimal text, Zeek inf/nan words, nothing else', () => {
  expect(parseDouble('100000000000000000000.0')).toBe(1e20);
  expect(parseDouble('-0.000001')).toBe(-0.000001);
  expect(parseDouble('inf')).toBe(Infinity);
  expect(parseDouble('-inf')).toBe(-Infinity);
  expect(parseDouble('nan')).toBeNaN();
  for (const bad of ['', 'abc', 'T', '1.2.3']) expect(() => parseDouble(bad)).toThrow(/not a number/);
});
