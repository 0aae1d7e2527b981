import fc from 'fast-check';
import { formatDuration, parseDuration } from '../../harness/util/parse-duration.js';
import { propertyParams } from '../helpers/property-params.js';

test.each<[string | number, number]>([
  [30, 30],
  [0.5, 0.5],
  ['30', 30],
  ['500ms', 0.5],
  ['10s', 10],
  ['10 sec', 10],
  ['10secs', 10],
  ['10 secs', 10],
  ['5m', 300],
  ['5min', 300],
  ['5 mins', 300],
  ['2h', 7200],
  ['2 hrs', 7200],
  ['1d', 86400],
  ['1.5h', 5400],
  ['250 usecs', 0.00025],
  ['1m30s', 90],
  ['1 hr 30 mins', 5400],
  ['0s', 0],
  [' 10S ', 10],
])('parseDuration(%p) = %p s', (text, seconds) => {
  expect(parseDuration(text)).toBeCloseTo(seconds, 9);
});

test.each<[unknown, RegExp]>([
  ['', /expected a number followed by a unit/],
  ['ten seconds', /expected a number followed by a unit/],
  ['10 parsecs', /unknown unit "parsecs"/],
  ['-5s', /cannot be negative/],
  ['10s garbage', /expected a number followed by a unit/],
  [-1, /finite number of seconds >= 0/],
  [Infinity, /finite number/],
  [null, /expected a number of seconds or a string/],
])('parseDuration(%p) throws a clear Error', (text, message) => {
  expect(() => parseDuration(text as string)).toThrow(message);
});

test.each<[number, string]>([
  [0, '0s'],
  [0.0005, '500us'],
  [0.25, '250ms'],
  [7.25, '7.25s'],
  [60, '1m'],
  [90, '1m30s'],
  [3600, '1h'],
  [86400 + 7200 + 5, '1d2h5s'],
])('formatDuration(%p) = %p', (seconds, text) => {
  expect(formatDuration(seconds)).toBe(text);
});

test('formatDuration output parses back to the same value (to the millisecond)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 400 * 86400 * 1000 }), (ms) => {
      expect(parseDuration(formatDuration(ms / 1000))).toBeCloseTo(ms / 1000, 6);
    }),
    propertyParams(100),
  );
});
