// runSides: two versions of a suite over the same traces, interleaved run by run (A B A B), each
// side with its own scripts and zeek; one SuiteRun per side comes back. With the fake zeek.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../harness/measure/run-result.js';
import { runSides } from '../../harness/runner/run-suites.js';
import { loadSuite } from '../../harness/suite/load-suite.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { FAKE_ZEEK, REPO } from '../helpers/run-cli.js';

const tmp = useTempDir();

test('head and base alternate run by run, and each side keeps its own scripts and timings', async () => {
  const pcaps = path.join(REPO, 'pcaps');
  writeFileSync(path.join(tmp(), 'head.zeek'), '# fake-zeek: Pkg::table = 90\n# fake-zeek: footprint call takes 20 ms\n');
  writeFileSync(path.join(tmp(), 'base.zeek'), '# fake-zeek: Pkg::table = 40\n# fake-zeek: footprint call takes 10 ms\n');
  const suite = (script: string) => `traces: [${pcaps}/dns-300.pcap, ${pcaps}/http-100.pcap]\nrepeat: 3\nzeek:\n  scripts: [${script}]\n`;
  writeFileSync(path.join(tmp(), 'head.yaml'), suite('head.zeek'));
  writeFileSync(path.join(tmp(), 'base.yaml'), suite('base.zeek'));
  const head = await loadSuite(path.join(tmp(), 'head.yaml'));
  const base = { ...head, zeek: (await loadSuite(path.join(tmp(), 'base.yaml'))).zeek };
  const order: Array<[string | undefined, string, number]> = [];
  const [headRuns, baseRuns] = await runSides(
    [
      { suites: [head], zeekPath: FAKE_ZEEK },
      { suites: [base], zeekPath: FAKE_ZEEK },
    ],
    {
      env: { PATH: process.env.PATH },
      jobs: 1,
      keepTmp: false,
      onRunEnd: (r: RunResult) => order.push([r.side, r.trace.label, r.repeat]),
    },
  );
  expect(order).toEqual([
    ['head', 'dns-300.pcap', 1],
    ['base', 'dns-300.pcap', 1],
    ['head', 'dns-300.pcap', 2],
    ['base', 'dns-300.pcap', 2],
    ['head', 'dns-300.pcap', 3],
    ['base', 'dns-300.pcap', 3],
    ['head', 'http-100.pcap', 1],
    ['base', 'http-100.pcap', 1],
    ['head', 'http-100.pcap', 2],
    ['base', 'http-100.pcap', 2],
    ['head', 'http-100.pcap', 3],
    ['base', 'http-100.pcap', 3],
  ]);
  expect(headRuns?.[0]?.suite).toBe(head);
  expect(baseRuns?.[0]?.suite).toBe(base);
  const final = (runs: typeof headRuns, trace: string) =>
    runs?.[0]?.subjects
      .find((s) => s.name === trace)
      ?.dumps.at(-1)
      ?.footprints.get('Pkg::table');
  expect([final(headRuns, 'dns-300.pcap'), final(baseRuns, 'dns-300.pcap')]).toEqual([90, 40]);
  expect(headRuns?.[0]?.subjects[0]?.timing.footprint_call?.values).toEqual([0.02, 0.02, 0.02]);
  expect(baseRuns?.[0]?.subjects[1]?.timing.footprint_call?.values).toEqual([0.01, 0.01, 0.01]);
}, 120_000);
