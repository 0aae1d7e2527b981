// renderBaseline writes the number lists itself instead of through a yaml node per number: its
// text must be what the yaml library writes for the whole document with flow sequences (the way
// every committed baseline was written), for any names, numbers and shapes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Document, isMap, isSeq } from 'yaml';
import { baselineHeader, handRenderedBaseline, readBaseline, renderBaseline } from '../../harness/baseline/baseline-file.js';
import type { Baseline } from '../../harness/baseline/types.js';
import { propertyParams } from '../helpers/property-params.js';
import { SHARED, testWithShared } from '../helpers/shared.js';

/** The rendering before: the yaml library lays out everything, lists as flow sequences. */
function yamlRendering(b: Baseline, suiteFile: string): string {
  const sortKeys = (o: Record<string, number[]>) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]!]),
    );
  const doc = new Document({
    suite: b.suite,
    zeek_version: b.zeek_version,
    ...(b.zeek_build ? { zeek_build: b.zeek_build } : {}),
    package_version: b.package_version,
    subjects: Object.fromEntries(
      Object.keys(b.subjects)
        .sort()
        .map((name) => {
          const s = b.subjects[name]!;
          const timing = Object.fromEntries(
            Object.entries(s.timing)
              .filter(([, v]) => v !== undefined)
              .sort(([x], [y]) => x.localeCompare(y)),
          );
          return [
            name,
            {
              ...(s.sha256 ? { sha256: s.sha256 } : {}),
              dumps: s.dumps,
              timing,
              variables: sortKeys(s.variables),
              ...(s.connections ? { connections: sortKeys(s.connections) } : {}),
            },
          ];
        }),
    ),
  });
  doc.commentBefore = baselineHeader(
    suiteFile,
    Object.values(b.subjects).some((s) => s.connections !== undefined),
  )
    .split('\n')
    .map((l) => ` ${l}`)
    .join('\n');
  const subjects = doc.get('subjects', true);
  if (isMap(subjects))
    for (const pair of subjects.items)
      for (const key of ['variables', 'connections']) {
        const series = isMap(pair.value) ? pair.value.get(key, true) : undefined;
        if (isMap(series)) for (const v of series.items) if (isSeq(v.value)) v.value.flow = true;
      }
  return doc.toString({ lineWidth: 0 });
}

// Names as Zeek and users write them, plus ones YAML must quote (`: `, `#`, leading `-`, quotes, non-ASCII).
const name = fc.oneof(
  fc.constantFrom('Conn::x', 'HTTP::<b>&"x"', 'a: b', '#hash', '- dash', "it's", 'Ünï::cödé', 'yes', '123', 'null', ''),
  fc.string({ maxLength: 12 }),
);
const number = fc.oneof(fc.nat(), fc.integer({ min: 2 ** 31, max: 2 ** 53 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0));
const series = fc.dictionary(name, fc.array(number, { maxLength: 6 }), { maxKeys: 6 });
const subject = fc.record(
  {
    sha256: fc.constantFrom('ab'.repeat(32), '0f'.repeat(32)),
    dumps: fc.nat({ max: 6 }),
    timing: fc.record({ wall: fc.double({ min: 0, max: 100, noNaN: true }), peak_rss: fc.nat() }, { requiredKeys: [] }),
    variables: series,
    connections: series,
  },
  { requiredKeys: ['dumps', 'timing', 'variables'] },
);
const baseline = fc.record(
  {
    suite: name,
    zeek_version: fc.constantFrom('8.2.2', '7.0.5'),
    zeek_build: fc.constantFrom('spicy', 'no-spicy'),
    package_version: fc.constantFrom('1.0.0', '1.1.0'),
    subjects: fc.dictionary(name, subject, { maxKeys: 4 }),
  },
  { requiredKeys: ['suite', 'zeek_version', 'package_version', 'subjects'] },
) as fc.Arbitrary<Baseline>;

test('the lists written by hand give the text the yaml library gives the whole document', () => {
  fc.assert(
    fc.property(baseline, (b) => {
      expect(renderBaseline(b, 'suite.yaml')).toBe(yamlRendering(b, 'suite.yaml'));
    }),
    propertyParams(300),
  );
});

// Names the hand renderer writes plain, and the ones next to them that YAML reads as something else
// (numbers in every notation, booleans, null) or that must not be plain (a trailing colon, leading
// indicators, a key past 1024 characters): the hand renderer must leave those to the library.
const plainish = fc.oneof(
  {
    arbitrary: fc.constantFrom('Conn::state', 'dns-300.pcap', '(connection)', 'http', 'zoo_pending', 'a/b+c', 'x.y', '8.2.2', 'GLOBAL::ports_codes_0', 'A'),
    weight: 8,
  },
  fc.constantFrom(
    'true',
    'True',
    'FALSE',
    'Null',
    '~',
    'yes',
    'on',
    'y',
    '1e5',
    '12.5',
    '0x1F',
    '0o17',
    '+12',
    '-3',
    '.5',
    '5.',
    '1_000',
    'NaN',
    '.inf',
    'x:',
    ':x',
    '-x',
    '.x',
    'x'.repeat(1024),
    'x'.repeat(1025),
    'a b',
    'é',
  ),
  fc.stringMatching(/^[A-Za-z0-9_.:/+()-]{1,10}$/),
);
const hexSha = fc.oneof(
  fc.constantFrom('0'.repeat(64), '1'.repeat(63) + 'e', '12e4'.padEnd(64, '0'), '1e' + '7'.repeat(62)),
  fc.stringMatching(/^[0-9a-f]{64}$/),
);
const plainSeries = fc.dictionary(plainish, fc.array(number, { maxLength: 4 }), { maxKeys: 8 });
const plainBaseline = fc.record(
  {
    suite: plainish,
    zeek_version: fc.constantFrom('8.2.2', '7.0.5', '8.2.0-dev.12'),
    zeek_build: fc.constantFrom('spicy', 'no-spicy'),
    package_version: fc.constantFrom('1.0.0', '1.1.0'),
    subjects: fc.dictionary(
      plainish,
      fc.record(
        {
          sha256: hexSha,
          dumps: fc.nat({ max: 6 }),
          timing: fc.record(
            {
              wall: fc.double({ min: 0, max: 100, noNaN: true }),
              peak_rss: fc.nat(),
              rss: fc.nat(),
              footprint_call: fc.double({ min: 0, max: 1, noNaN: true }),
            },
            { requiredKeys: [] },
          ),
          variables: plainSeries,
          connections: plainSeries,
        },
        { requiredKeys: ['dumps', 'timing', 'variables'] },
      ),
      { maxKeys: 4 },
    ),
  },
  { requiredKeys: ['suite', 'zeek_version', 'package_version', 'subjects'] },
) as fc.Arbitrary<Baseline>;

test('written line by line, a baseline of plain names is the text the yaml library gives it; any other is left to the library', () => {
  let byHand = 0;
  fc.assert(
    fc.property(plainBaseline, (b) => {
      const hand = handRenderedBaseline(b, 'suite.yaml');
      if (hand !== undefined) byHand++;
      expect(hand ?? renderBaseline(b, 'suite.yaml')).toBe(yamlRendering(b, 'suite.yaml'));
    }),
    propertyParams(500),
  );
  // The generator reaches the hand-written path (else this test would test the library alone).
  expect(byHand).toBeGreaterThan(100);
});

test('a name of 1025 characters, which the library writes as an explicit `? key`, is left to it; 1024 is written by hand', () => {
  const with_ = (name: string): Baseline => ({
    suite: 's',
    zeek_version: '8.2.2',
    package_version: '1.0.0',
    subjects: { 'a.pcap': { dumps: 1, timing: {}, variables: { [name]: [1] } } },
  });
  expect(handRenderedBaseline(with_('x'.repeat(1025)), 's.yaml')).toBeUndefined();
  expect(renderBaseline(with_('x'.repeat(1025)), 's.yaml')).toBe(yamlRendering(with_('x'.repeat(1025)), 's.yaml'));
  expect(renderBaseline(with_('x'.repeat(1025)), 's.yaml')).toMatch(/^ {6}\? x{1025}$/m);
  expect(handRenderedBaseline(with_('x'.repeat(1024)), 's.yaml')).toBe(yamlRendering(with_('x'.repeat(1024)), 's.yaml'));
});

testWithShared('zeek-reference', 'project-baseline')('the baseline recorded with a real Zeek renders back to its own text', async () => {
  const file = path.join(SHARED, 'zeek-reference', 'project-baseline', 'project.baseline.yaml');
  const recorded = (await readBaseline(file))!;
  expect(renderBaseline(recorded, 'project.yaml')).toBe(readFileSync(file, 'utf8'));
  // Zeek's own names are all plain: the real baseline is written by hand.
  expect(handRenderedBaseline(recorded, 'project.yaml')).toBe(readFileSync(file, 'utf8'));
});
