// Baselines are written and read without the yaml library when they are plain (it takes a fifth to
// half a second on a few thousand variables), through it otherwise. The two paths must agree byte
// for byte and value for value: random baselines, with names and numbers from the plain to the
// awkward, and random edits of the text.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { readBaseline, renderBaseline, renderBaselineWithYaml } from '../../harness/baseline/baseline-file.js';
import { parsePlainBody, renderPlainBody } from '../../harness/baseline/plain-baseline.js';
import type { Baseline, BaselineSubject } from '../../harness/baseline/types.js';
import { reference } from '../zeek-log/helpers.js';

const plainName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}(::[A-Za-z_][A-Za-z0-9_]{0,8}){0,2}$/);
const awkwardName = fc.oneof(
  fc.constantFrom('true', 'No', 'null', 'on', 'y', '1.0', '8.2', '-x', 'a: b', 'x:', 'a#b', 'http://x', '~', '', ' lead', "it's", '[x]', 'é', '0x1f', '1e5'),
  fc.string({ maxLength: 6 }),
);
const name = fc.oneof({ weight: 6, arbitrary: plainName }, { weight: 1, arbitrary: awkwardName });
const count = fc.oneof(fc.nat({ max: 100000 }), fc.constantFrom(0, 2 ** 32, Number.MAX_SAFE_INTEGER));
const seconds = fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constantFrom(0, 0.008123, 1e-7, 1e21, 125829120));
const hex = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.constantFrom('1'.repeat(64), `${'1'.repeat(30)}e${'2'.repeat(33)}`, 'ab'.repeat(32)),
);

const subject: fc.Arbitrary<BaselineSubject> = fc.record({
  sha256: fc.option(hex, { nil: undefined }),
  dumps: count,
  timing: fc.record({ footprint_call: seconds, wall: seconds, peak_rss: seconds }, { requiredKeys: [] }),
  variables: fc.dictionary(name, fc.array(count, { maxLength: 5 }), { maxKeys: 8 }),
}).map((s) => (s.sha256 === undefined ? { dumps: s.dumps, timing: s.timing, variables: s.variables } : s));

const baseline: fc.Arbitrary<Baseline> = fc.record({
  suite: fc.oneof(plainName, awkwardName),
  zeek_version: fc.oneof(fc.constantFrom('8.2.2', 'unknown', '7.0', '8'), awkwardName),
  package_version: fc.constantFrom('1.0.0', '0.1.0', '2'),
  subjects: fc.dictionary(fc.oneof(plainName, fc.constantFrom('dns-300.pcap', 'worker-1', 'standalone'), awkwardName), subject, { maxKeys: 4 }),
});

test('the direct rendering is byte for byte the yaml library\'s', () => {
  fc.assert(
    fc.property(baseline, (b) => {
      expect(renderBaseline(b, 'suites/demo.yaml')).toBe(renderBaselineWithYaml(b, 'suites/demo.yaml'));
    }),
    { seed: 20261201, numRuns: 1000 },
  );
});

test('baselines of plain names (as traces, nodes and Zeek globals are named) take the direct path', () => {
  // The direct path leaves words YAML 1.1 read as booleans (y, no, on...) to the library.
  const word = plainName.filter((n) => !/^(true|false|null|yes|no|on|off|y|n)$/i.test(n));
  const plainBaseline = fc.record({
    suite: word,
    zeek_version: fc.constantFrom('8.2.2', 'unknown'),
    package_version: fc.constant('1.0.0'),
    subjects: fc.dictionary(fc.constantFrom('dns-300.pcap', 'worker-1', 'standalone'), fc.record({
      sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
      dumps: fc.nat(),
      timing: fc.record({ footprint_call: fc.constantFrom(0.008123, 1.5, 0), peak_rss: fc.nat() }),
      variables: fc.dictionary(word, fc.array(count, { maxLength: 5 }), { maxKeys: 8 }),
    }), { maxKeys: 3 }),
  });
  fc.assert(
    fc.property(plainBaseline, (b) => {
      const body = renderPlainBody(b);
      expect(body).toBeDefined();
      expect(renderBaseline(b, 'demo.yaml')).toBe(renderBaselineWithYaml(b, 'demo.yaml'));
      expect(parsePlainBody(body as string)).toEqual(parse(body as string));
    }),
    { seed: 20261201, numRuns: 300 },
  );
});

const recorded = path.join(reference, 'project-baseline', 'project.baseline.yaml');
const testRecorded = existsSync(recorded) ? test : test.skip;

testRecorded('the baseline a real Zeek run wrote renders back to the same bytes (direct path)', async () => {
  const b = await readBaseline(recorded);
  expect(b).toBeDefined();
  const text = readFileSync(recorded, 'utf8');
  expect(renderPlainBody(b as Baseline)).toBe(text.slice(text.indexOf('\n\n') + 2));
  expect(renderBaseline(b as Baseline, 'project.yaml')).toBe(text);
  expect(b).toEqual(parse(text));
});

/** Text edits a hand or a bad merge makes: a character dropped, doubled or changed, lines swapped. */
const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('drop', 'double', 'space', 'quote', 'digit', 'swap', 'comment'), c: fc.constantFrom('a', '0', ':', ' ', '[', '-', '#') });

function applyEdit(text: string, e: { at: number; kind: string; c: string }): string {
  const i = text.length === 0 ? 0 : e.at % text.length;
  switch (e.kind) {
    case 'drop': return text.slice(0, i) + text.slice(i + 1);
    case 'double': return text.slice(0, i) + text.charAt(i) + text.slice(i);
    case 'space': return `${text.slice(0, i)} ${text.slice(i)}`;
    case 'quote': return `${text.slice(0, i)}"${text.slice(i)}`;
    case 'digit': return text.slice(0, i) + e.c + text.slice(i + 1);
    case 'comment': return `${text.slice(0, i)}\n# x\n${text.slice(i)}`;
    default: {
      const lines = text.split('\n');
      const j = e.at % Math.max(1, lines.length - 1);
      [lines[j], lines[j + 1]] = [lines[j + 1] as string, lines[j] as string];
      return lines.join('\n');
    }
  }
}

test('the direct reader returns what the yaml library reads, or leaves the text to it', () => {
  fc.assert(
    fc.property(baseline, fc.array(edit, { maxLength: 2 }), (b, edits) => {
      const text = edits.reduce(applyEdit, renderBaseline(b, 'demo.yaml'));
      const body = text.slice(text.indexOf('\n\n') + 2);
      const fast = parsePlainBody(body);
      if (fast === undefined) return;
      let slow: unknown;
      try {
        slow = parse(body);
      } catch {
        throw new Error(`the direct reader accepted text the yaml library rejects:\n${body}`);
      }
      expect(fast).toEqual(slow);
    }),
    { seed: 20261201, numRuns: 1500 },
  );
});
