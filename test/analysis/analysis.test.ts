import { analyseGrowth, type GrowthPoint } from '../../harness/analysis/growth.js';
import { fitLine } from '../../harness/analysis/least-squares.js';
import { analyseScaling } from '../../harness/analysis/scaling.js';
import { sparkline } from '../../harness/analysis/sparkline.js';

const every30s = (values: number[]): GrowthPoint[] => values.map((value, i) => ({ t: 1000 + i * 30, value }));

describe('growth within a run', () => {
  test('a flat series is not growing', () => {
    const g = analyseGrowth(every30s([50, 50, 50, 50, 50]), 0)!;
    expect(g.perHour).toBe(0);
    expect(g.stillGrowing).toBe(false);
  });

  test('a linear leak grows at its rate per hour, since its start', () => {
    // +100 entries every 30 s = 12000 per hour.
    const g = analyseGrowth(every30s([0, 100, 200, 300, 400, 500]), 0)!;
    expect(g.perHour).toBeCloseTo(12000);
    expect(g.stillGrowing).toBe(true);
    expect(g.growingSince).toBe(0);
  });

  test('a table that fills during warm-up and then saturates is not flagged', () => {
    const g = analyseGrowth(every30s([0, 400, 800, 1000, 1000, 1000, 1000]), 90)!;
    expect(g.points).toBe(4);
    expect(g.perHour).toBe(0);
    expect(g.stillGrowing).toBe(false);
  });

  test('without the warm-up the same saturating table shows growth but is not still growing', () => {
    const g = analyseGrowth(every30s([0, 400, 800, 1000, 1000, 1000, 1000]), 0)!;
    expect(g.perHour).toBeGreaterThan(0);
    expect(g.stillGrowing).toBe(false);
  });

  test('noise around a level is not sustained growth; noise on a rising trend is', () => {
    expect(analyseGrowth(every30s([100, 104, 98, 103, 99, 102, 97]), 0)!.stillGrowing).toBe(false);
    const rising = analyseGrowth(every30s([100, 130, 125, 160, 170, 190, 220]), 0)!;
    expect(rising.stillGrowing).toBe(true);
    expect(rising.growingSince).toBe(60);
    expect(rising.perHour).toBeGreaterThan(0);
  });

  test('too few points after the warm-up give no verdict', () => {
    expect(analyseGrowth(every30s([1, 2, 3]), 60)).toBeUndefined();
    expect(analyseGrowth([], 0)).toBeUndefined();
  });
});

describe('scaling with the workload', () => {
  test('flat state', () => {
    const s = analyseScaling([
      { size: 1000, value: 500 },
      { size: 2000, value: 500 },
      { size: 4000, value: 500 },
    ])!;
    expect(s).toMatchObject({ perUnit: 0, exponent: 0, class: 'flat' });
  });

  test('one entry per connection on top of a fixed table is linear with exponent 1', () => {
    const s = analyseScaling([1000, 2000, 4000].map((size) => ({ size, value: 100 + 3 * size })))!;
    expect(s.perUnit).toBeCloseTo(3);
    expect(s.exponent).toBeCloseTo(1, 5);
    expect(s.class).toBe('linear');
  });

  test('quadratic growth is superlinear', () => {
    const s = analyseScaling([100, 200, 400, 800].map((size) => ({ size, value: size * size })))!;
    expect(s.exponent).toBeCloseTo(2, 1);
    expect(s.class).toBe('superlinear');
  });

  test('square-root growth is sublinear', () => {
    const s = analyseScaling([100, 400, 1600, 6400].map((size) => ({ size, value: Math.round(10 * Math.sqrt(size)) })))!;
    expect(s.class).toBe('sublinear');
  });

  test('noisy linear growth is still linear', () => {
    const s = analyseScaling([1000, 2000, 3000, 4000].map((size, i) => ({ size, value: size + [7, -5, 3, -6][i]! })))!;
    expect(s.class).toBe('linear');
    expect(s.perUnit).toBeCloseTo(1, 1);
  });

  test('a single size gives no fit', () => {
    expect(
      analyseScaling([
        { size: 10, value: 1 },
        { size: 10, value: 2 },
      ]),
    ).toBeUndefined();
  });
});

test('fitLine', () => {
  expect(fitLine([0, 1, 2], [1, 3, 5])).toEqual({ slope: 2, intercept: 1, r2: 1 });
  expect(fitLine([1, 1], [1, 2])).toBeUndefined();
});

test('sparkline', () => {
  expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
  expect(sparkline([5, 5, 5])).toBe('▁▁▁');
  expect(sparkline([])).toBe('');
});
