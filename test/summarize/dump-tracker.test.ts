import { DumpTracker } from '../../harness/summarize/dump-tracker.js';

// ids: node 0; modules 10, 11; variables 20, 21.
function dumpsOf(rows: [ts: number, run: number, variable: number, size: number][], selector: 'last' | 'max' | number = 'last') {
  const t = new DumpTracker(selector, () => true);
  for (const [ts, run, variable, size] of rows) t.add(ts, run, 0, variable === 20 ? 10 : 11, variable, size);
  return t.finish()[0];
}

test('a restart that only reached run 1 is told apart by a repeated variable', () => {
  const n = dumpsOf([[100, 1, 20, 5], [100.001, 1, 21, 6], [103, 1, 20, 50], [103.001, 1, 21, 60]]);
  expect(n).toMatchObject({ dumps: 2, lifetimes: 2 });
  expect(n?.selected).toMatchObject({ run: 1, firstTs: 103, total: 110 });
});

test('... or by a long gap when the new life logs other variables first', () => {
  const n = dumpsOf([[100, 1, 20, 5], [160, 1, 21, 6]]);
  expect(n).toMatchObject({ dumps: 2, lifetimes: 2 });
  expect(n?.selected).toMatchObject({ firstTs: 160, total: 6 });
});

test('rows of one dump a few milliseconds apart stay one dump; the latest dump is by time, not run number', () => {
  const n = dumpsOf([[100, 5, 20, 1], [100.004, 5, 21, 2], [200, 1, 20, 3], [200.002, 1, 21, 4]]);
  expect(n).toMatchObject({ dumps: 2, lifetimes: 2 });
  expect(n?.selected).toMatchObject({ run: 1, total: 7 });
  expect(dumpsOf([[100, 5, 20, 1], [100.004, 5, 21, 2], [200, 1, 20, 3], [200.002, 1, 21, 4]], 'max')?.selected).toMatchObject({ run: 1, total: 7 });
  expect(dumpsOf([[100, 5, 20, 1], [100.004, 5, 21, 2], [200, 1, 20, 3]], 5)?.selected).toMatchObject({ run: 5, total: 3 });
});
