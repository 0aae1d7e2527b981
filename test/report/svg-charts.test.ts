import fc from 'fast-check';
import { compactNumber, lineChart, niceTicks } from '../../harness/report/svg-charts.js';
import { propertyParams } from '../helpers/property-params.js';

test('axis ticks cover the data in round steps', () => {
  fc.assert(
    fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), (lo, span) => {
      const hi = lo + span;
      const ticks = niceTicks(lo, hi);
      expect(ticks[0]).toBeLessThanOrEqual(lo);
      // Spans below a billionth of the values count as one value.
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(span <= 1e-9 * Math.max(1, Math.abs(hi), Math.abs(lo)) ? lo : hi);
      expect(ticks.length).toBeLessThanOrEqual(8);
      if (ticks.length > 2) {
        const step = ticks[1]! - ticks[0]!;
        const mantissa = step / 10 ** Math.floor(Math.log10(step));
        expect([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
      }
    }),
    propertyParams(100),
  );
  expect(niceTicks(0, 600)).toEqual([0, 200, 400, 600]);
});

test('short numbers for axes', () => {
  expect([0, 950, 9999, 61466, 1.5e6, 2e9].map(compactNumber)).toEqual(['0', '950', '9999', '61.5k', '1.5M', '2G']);
});

test('a big total is not drawn from zero, so a 1% change is visible', () => {
  const svg = lineChart({
    title: 't',
    x: ['1', '2'],
    xTitle: 'dump',
    series: [{ label: 'current', values: [60866, 61466], style: 'current' }],
    zeroBased: false,
  });
  const ys =
    /points="([^"]+)"/
      .exec(svg)?.[1]
      ?.split(' ')
      .map((p) => Number(p.split(',')[1])) ?? [];
  expect(ys[0]! - ys[1]!).toBeGreaterThan(50);
  expect(svg).not.toMatch(/>0<\/text>/);
});
