import { counted, plural } from '../../harness/text/plural.js';

test('workload units and report nouns take their plural', () => {
  expect(['connection', 'query', 'request', 'port', 'day', 'commit'].map(plural)).toEqual(['connections', 'queries', 'requests', 'ports', 'days', 'commits']);
});

test('a count takes the singular only for exactly one', () => {
  expect([0, 1, 2].map((n) => counted(n, 'warning'))).toEqual(['0 warnings', '1 warning', '2 warnings']);
  expect(counted(1, 'query')).toBe('1 query');
  expect(counted(3, 'query')).toBe('3 queries');
});
