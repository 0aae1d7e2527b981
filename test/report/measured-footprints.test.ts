// A document built from a run holds each dump's measured footprints as they were read (the compact
// map, not a copy: `--dumps all` over a long history has tens of thousands of dumps); one read
// back from JSON holds objects. Every reporter must give the same text from either.
import { FootprintLayout } from '../../harness/measure/compact-footprints.js';
import { renderReport, renderReportChunks, type RenderContext } from '../../harness/report/render-report.js';
import type { ResultDocument } from '../../harness/report/result-document.js';
import { REPORTERS } from '../../harness/report/reporter-plan.js';
import { sampleDocument } from './sample-document.js';

/** The sample with every dump's footprints as the collector stores them (one layout per subject, in logged order). */
function asMeasured(doc: ResultDocument): ResultDocument {
  const measured = structuredClone(doc);
  for (const suite of measured.suites)
    for (const s of suite.subjects)
      for (const d of s.dumps) {
        const entries = Object.entries(d.footprints);
        const names = entries.map(([n]) => n);
        const layout = new FootprintLayout(Int32Array.from(names.keys()), (id) => names[id]!);
        d.footprints = layout.footprints(Float64Array.from(entries.map(([, n]) => n)));
      }
  return measured;
}

const ctx: RenderContext = { color: false, showDiff: true, updating: false, env: {} };

test.each(REPORTERS)('%s: the same text from the measured maps as from their JSON objects', (name) => {
  const doc = sampleDocument();
  const measured = asMeasured(doc);
  // Not an object by name: read as one, the measured footprints would look empty.
  expect(Object.keys(measured.suites[0]!.subjects[0]!.dumps[0]!.footprints)).toEqual([]);
  expect(renderReport(name, measured, ctx)).toBe(renderReport(name, doc, ctx));
});

test('the JSON report of measured maps is the document with objects, and parses back to it', () => {
  const doc = sampleDocument();
  const text = [...renderReportChunks('json', asMeasured(doc), ctx)].join('');
  expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  expect(JSON.parse(text)).toEqual(doc);
});
