// renderBaseline writes the number lists itself instead of through a yaml node per number: its
// text must be what the yaml library writes for the whole document with flow sequences (the way
// every committed baseline was written), for any names, numbers and shapes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Document, isMap, isSeq } from 'yaml';
import { baselineHeader, readBaseline, renderBaseline } from '../../harness/baseline/baseline-file.js';
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

testWithShared('zeek-reference', 'project-baseline')('the baseline recorded with a real Zeek renders back to its own text', async () => {
  const file = path.join(SHARED, 'zeek-reference', 'project-baseline', 'project.baseline.yaml');
  expect(renderBaseline((await readBaseline(file))!, 'project.yaml')).toBe(readFileSync(file, 'utf8'));
});
