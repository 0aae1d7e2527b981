// `zeek-budget history` end to end: the built CLI over a real git repository whose baseline was
// written by `budget --update` (fake zeek) and committed as the package changed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useTempDir } from '../helpers/temp-dir.js';
import { FAKE_ZEEK, REPO } from '../helpers/run-cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { requireBuiltCli, runCliProcess } from '../bad-input/cli-process.js';
import { findChromium, openPage } from '../../scripts/headless-chromium.js';
import { CHART_PROBE } from '../../scripts/report-probe.js';

const LONG = 120_000;
beforeAll(requireBuiltCli);

const tmp = useTempDir('zeek-budget-history-');
const TRACE = path.join(REPO, 'pcaps', 'tcp-churn-200.pcap');

function pkg(directives: string[]): string {
  return `${directives.map((d) => `# fake-zeek: ${d}`).join('\n')}\nmodule Pkg;\n`;
}

/** Records the baseline as `budget --update` writes it, then commits. */
async function recordAndCommit(repo: TestRepo, message: string, date: string) {
  const r = await runCliProcess(['budget', '--no-progress', 'suites/pkg.yaml', '--update'], { cwd: repo.dir, env: { ZEEK: FAKE_ZEEK } });
  if (r.code !== 0) throw new Error(`budget --update failed (${r.code}): ${r.stdout}${r.stderr}`);
  return repo.commit(message, date);
}

/** A package whose baseline is created once and then changed by three commits (a fourth touches only the docs). */
async function packageHistory(dir: string) {
  const repo = await TestRepo.create(path.join(dir, 'pkg'));
  repo.write('suites/pkg.yaml', `traces: [${TRACE}]\nzeek:\n  scripts: [../scripts/main.zeek]\n`);
  repo.write('scripts/main.zeek', pkg(['Pkg::table = 40']));
  const created = await recordAndCommit(repo, 'Add the package and its baseline', '2026-11-01T09:00:00+00:00');
  repo.write('scripts/main.zeek', pkg(['Pkg::table = 40', 'Pkg::seen +3 per connection']));
  const leak = await recordAndCommit(repo, 'Track every connection', '2026-11-02T09:00:00+00:00');
  repo.write('README.md', 'Docs only.\n');
  await repo.commit('Document it', '2026-11-02T12:00:00+00:00');
  repo.write('scripts/main.zeek', pkg(['Pkg::table = 90', 'Pkg::seen +3 per connection']));
  const table = await recordAndCommit(repo, 'Bigger table', '2026-11-03T09:00:00+00:00');
  repo.write('scripts/main.zeek', pkg(['Pkg::table = 90', 'Pkg::seen +6 per connection']));
  const more = await recordAndCommit(repo, 'Track both directions', '2026-11-04T09:00:00+00:00');
  return { repo, created, leak, table, more };
}

// Made once (it takes four `budget --update` runs); the tests only read it, or clone it to change it.
let shared: Awaited<ReturnType<typeof packageHistory>>;
let sharedDir = '';
beforeAll(async () => {
  sharedDir = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-history-repo-'));
  shared = await packageHistory(sharedDir);
}, LONG);
afterAll(() => rmSync(sharedDir, { recursive: true, force: true }));

function history(repo: TestRepo, args: string[]) {
  return runCliProcess(['history', 'suites/pkg.yaml', ...args], { cwd: repo.dir, env: {} });
}

test(
  'three commits that changed the baseline print as three steps, each with its hash, subject and date',
  async () => {
    const { repo, leak, table, more } = shared;
    const r = await history(repo, ['--json', path.join(tmp(), 'h.json')]);
    expect(r.stderr).toMatch(/wrote json history .*h\.json/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^suite pkg {2}suites\/pkg\.yaml$/m);
    expect(r.stdout).toMatch(/^ {2}baseline suites\/baselines\/pkg\.zeek-8\.2-no-spicy\.baseline\.yaml: 4 commits, 2026-11-01 to 2026-11-04$/m);
    const steps = r.stdout.split('\n').filter((l) => / -> .* at /.test(l) && !/total/.test(l));
    expect(steps).toEqual([
      `    Pkg::seen   0 -> 600 at ${leak.short} (Track every connection), 2026-11-02`,
      `    Pkg::seen   600 -> 1200 at ${more.short} (Track both directions), 2026-11-04`,
      `    Pkg::table  40 -> 90 at ${table.short} (Bigger table), 2026-11-03`,
    ]);
    // The total moves by the same steps: +600, +50, +600.
    const total = /total (\d+) -> (\d+) in 3 steps/.exec(r.stdout);
    expect(Number(total?.[2]) - Number(total?.[1])).toBe(1250);
    expect(r.stdout).not.toMatch(/Document it/);

    const doc = JSON.parse(readFileSync(path.join(tmp(), 'h.json'), 'utf8'));
    expect(doc.schema).toBe('zeek-budget/history@1');
    const b = doc.suites[0].baselines[0];
    expect(b.commits.map((c: { subject: string }) => c.subject)).toEqual([
      'Add the package and its baseline',
      'Track every connection',
      'Bigger table',
      'Track both directions',
    ]);
    const seen = b.variables.find((v: { item: string }) => v.item === 'Pkg::seen');
    expect(seen).toMatchObject({ trace: 'tcp-churn-200.pcap', kind: 'variable', values: [0, 600, 600, 1200] });
    expect(seen.steps.map((s: { commit: string }) => s.commit)).toEqual([leak.hash, more.hash]);
    const call = b.timings.find((t: { item: string }) => t.item === 'footprint_call');
    expect(call.values).toHaveLength(4);
    expect(b.changedVariables).toBe(2);
  },
  LONG,
);

test(
  '--variable, --since and --limit select what is shown; html draws each variable over the commits',
  async () => {
    const { repo, leak, table, more } = shared;
    const only = await history(repo, ['--variable', 'Pkg::t*']);
    expect(only.stdout).toMatch(new RegExp(`Pkg::table  40 -> 90 at ${table.short}`));
    expect(only.stdout).not.toMatch(/Pkg::seen/);

    const since = await history(repo, ['--since', '2026-11-03']);
    expect(since.stdout).toMatch(/3 commits, 2026-11-02 to 2026-11-04/);
    expect(since.stdout).not.toMatch(new RegExp(leak.short));
    expect(since.stdout).toMatch(new RegExp(`Pkg::seen   600 -> 1200 at ${more.short}`));

    const one = await history(repo, ['--limit', '1']);
    expect(one.stdout).toMatch(/Pkg::seen/);
    expect(one.stdout).not.toMatch(/Pkg::table/);
    expect(one.stdout).toMatch(/\.\.\. and 1 more variables changed \(shown: the 1 that changed most; --limit N for more\)/);

    const html = await history(repo, ['--reporter', `html=${path.join(tmp(), 'h.html')}`]);
    expect(html.code).toBe(0);
    const page = readFileSync(path.join(tmp(), 'h.html'), 'utf8');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(page).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(page).toMatch(/<svg class="chart"[^>]*aria-label="Pkg::seen over commits"/);
    expect(page).toContain(`<title>${leak.short} Track every connection (2026-11-02): Pkg::seen 600</title>`);
    expect(page).toContain(`<title>${table.short} Bigger table (2026-11-03): Pkg::table 90</title>`);
    expect(page).toContain('aria-label="total footprint over commits"');
  },
  LONG,
);

test(
  'history follows a renamed baseline; a baseline never committed, or a suite outside git, is said so',
  async () => {
    const { leak } = shared;
    await shared.repo.git(['clone', '-q', shared.repo.dir, path.join(tmp(), 'clone')]);
    const repo = await TestRepo.open(path.join(tmp(), 'clone'));
    // The fake zeek's build (8.2 without Spicy) has its own file beside the suite's `baseline:` base name.
    await repo.git(['mv', 'suites/baselines/pkg.zeek-8.2-no-spicy.baseline.yaml', 'suites/pkg.zeek-8.2-no-spicy.baseline.yaml']);
    repo.write('suites/pkg.yaml', `traces: [${TRACE}]\nzeek:\n  scripts: [../scripts/main.zeek]\nbaseline: pkg.baseline.yaml\n`);
    await repo.commit('Move the baseline', '2026-11-05T09:00:00+00:00');
    const moved = await history(repo, []);
    expect(moved.stdout).toMatch(/baseline suites\/pkg\.zeek-8\.2-no-spicy\.baseline\.yaml: 5 commits/);
    expect(moved.stdout).toMatch(new RegExp(`Pkg::seen   0 -> 600 at ${leak.short}`));

    repo.write('suites/other.yaml', `traces: [${TRACE}]\n`);
    const fresh = await runCliProcess(['history', 'suites/other.yaml'], { cwd: repo.dir, env: {} });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/suites\/baselines\/other\.baseline\.yaml has no commits yet: commit it/);

    const outside = path.join(tmp(), 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 's.yaml'), `traces: [${TRACE}]\n`);
    const r = await runCliProcess(['history', 's.yaml'], { cwd: outside, env: { GIT_CEILING_DIRECTORIES: tmp() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not in a git repository: git says: fatal: not a git repository/);
    const bad = await runCliProcess(['history', 's.yaml', '--reporter', 'junit'], { cwd: outside, env: {} });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/history writes terminal, json, html/);
  },
  LONG,
);

const chromium = findChromium();
const withChromium = chromium ? test : test.skip;

withChromium(
  `the history page opens in Chromium without errors or requests, with every chart drawn and no label cut off${chromium ? '' : ' [SKIPPED: no chromium]'}`,
  async () => {
    const file = path.join(tmp(), 'h.html');
    expect((await history(shared.repo, ['--reporter', `html=${file}`])).code).toBe(0);
    const page = await openPage(file, { chromium: chromium!, width: 1366, height: 768, evaluate: CHART_PROBE, screenshot: false });
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    const probe = page.evaluated as { charts: number; drawn: number; clippedLabels: string[] };
    // Pkg::seen, Pkg::table and the total, each over the 4 commits.
    expect(probe.charts).toBe(3);
    expect(probe.drawn).toBeGreaterThanOrEqual(12);
    expect(probe.clippedLabels).toEqual([]);
  },
  LONG,
);
