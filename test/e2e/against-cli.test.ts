// `budget --against REF` and `--zeek-base PATH` end to end: the built CLI in its own process, over
// real git repositories made here (a small Zeek package whose commits add a leak, a slower
// footprint call, a noisy one), with the fake zeek. Footprints and the footprint call's duration
// are deterministic in the fake, so every verdict below is; wall times are measured and only shown.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDir } from '../helpers/temp-dir.js';
import { FAKE_ZEEK, REPO } from '../helpers/run-cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { processesMentioning, requireBuiltCli, runCliProcess, startCli, waitFor } from '../bad-input/cli-process.js';

/** Each test runs 6 to 20 fake zeeks. */
const LONG = 120_000;
beforeAll(requireBuiltCli);

const tmp = useTempDir('zeek-budget-against-');
const TRACE = path.join(REPO, 'pcaps', 'tcp-churn-200.pcap');

const SUITE = `traces: [${TRACE}]
zeek:
  scripts: [../scripts]
budgets:
  - variable: "*"
    increase: { percent: 10, absolute: 100 }
  - timing: footprint_call
    increase: { percent: 10 }
`;

/** The package's code: its fake-zeek directives say what state it keeps and how long the footprint call takes with it. */
function pkg(directives: string[]): string {
  return `${directives.map((d) => `# fake-zeek: ${d}`).join('\n')}\nmodule Pkg;\nexport { global table: table[string] of count; }\n`;
}

async function packageRepo(): Promise<TestRepo> {
  const repo = await TestRepo.create(path.join(tmp(), 'pkg'));
  repo.write('scripts/__load__.zeek', '@load ./main\n');
  repo.write('scripts/main.zeek', pkg(['Pkg::table = 40', 'footprint call takes 10 ms']));
  repo.write('suites/pkg.yaml', SUITE);
  repo.write('README.md', 'A package.\n');
  await repo.commit('Initial package');
  return repo;
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  const tmpdir = path.join(tmp(), 'tmpdir');
  mkdirSync(tmpdir, { recursive: true });
  return { ZEEK: FAKE_ZEEK, TMPDIR: tmpdir, ...extra };
}

function budget(repo: TestRepo, args: string[], extra: Record<string, string> = {}) {
  return runCliProcess(['budget', '--no-progress', '-j', '2', 'suites/pkg.yaml', ...args], { cwd: repo.dir, env: env(extra) });
}

/** No worktree left registered, and no checkout left in TMPDIR. */
async function expectCleanedUp(repo: TestRepo): Promise<void> {
  expect(await repo.worktrees()).toEqual([repo.dir]);
  expect(readdirSync(path.join(tmp(), 'tmpdir')).filter((f) => f.startsWith('zeek-budget-base-'))).toEqual([]);
}

test(
  'an unchanged base passes (exit 0); a leak introduced since REF fails (exit 1) naming the variable and both commits',
  async () => {
    const repo = await packageRepo();
    repo.write('README.md', 'A package that measures itself.\n');
    const docs = await repo.commit('Document the package');

    const same = await budget(repo, ['--against', 'HEAD~1', '--json', 'same.json']);
    expect(same.stderr).toMatch(/Zeek 8\.2\.2 \(.*fake-zeek\.mjs\), 1 suite, 10 runs, 2 in parallel/);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(
      new RegExp(
        `^comparing head HEAD ${docs.short} \\(Document the package\\), Zeek 8\\.2\\.2 vs base HEAD~1 [0-9a-f]{7} \\(Initial package\\), Zeek 8\\.2\\.2$`,
        'm',
      ),
    );
    expect(same.stdout).toMatch(/5 runs per trace and side, interleaved/);
    expect(same.stdout).not.toMatch(/FAIL/);
    const sameDoc = JSON.parse(readFileSync(path.join(repo.dir, 'same.json'), 'utf8'));
    expect(sameDoc.comparison.repeat).toBe(5);
    expect(sameDoc.suites[0].baseline.state).toBe('not-used');
    await expectCleanedUp(repo);

    repo.write('scripts/main.zeek', pkg(['Pkg::table = 40', 'Pkg::seen +3 per connection', 'footprint call takes 10 ms']));
    const leak = await repo.commit('Track every connection');
    const r = await budget(repo, ['--against', docs.short, '--repeat', '3', '--json', 'leak.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(`^comparing head HEAD ${leak.short} \\(Track every connection\\), Zeek 8\\.2\\.2 vs base ${docs.short} \\(Document the package\\)`, 'm'),
    );
    expect(r.stdout).toMatch(new RegExp(`suite pkg  suites/pkg\\.yaml -> head vs base ${docs.short}`));
    expect(r.stdout).toMatch(/ +base +current +delta/);
    expect(r.stdout).toMatch(
      new RegExp(`Pkg::seen +0 +600 +\\+600 +new +\\+10% or \\+100 +FAIL grew \\+600 \\(new\\) against base ${docs.short}, allowed 10% or \\+100`),
    );
    expect(r.stdout).toMatch(/new variables: Pkg::seen \(600\)/);
    const doc = JSON.parse(readFileSync(path.join(repo.dir, 'leak.json'), 'utf8'));
    expect(doc.comparison.head).toMatchObject({ label: 'HEAD', commit: leak.hash, subject: 'Track every connection', dirty: false });
    expect(doc.comparison.base).toMatchObject({ label: docs.short, ref: docs.short, commit: docs.hash, subject: 'Document the package' });
    expect(doc.comparison.repeat).toBe(3);
    const subject = doc.suites[0].subjects[0];
    expect(subject.baseline.variables['Pkg::table']).toEqual([40, 40, 40, 40]);
    expect(subject.added).toEqual([{ name: 'Pkg::seen', baseline: 0, current: 600 }]);
    await expectCleanedUp(repo);

    // leak.json is untracked now, but nothing that runs: head is still HEAD. An untracked script is.
    expect((await budget(repo, ['--against', 'HEAD', '--repeat', '3'])).stdout).toMatch(new RegExp(`^comparing head HEAD ${leak.short}`, 'm'));
    repo.write('scripts/extra.zeek', '# fake-zeek: Pkg::extra = 5\n');
    const untracked = await budget(repo, ['--against', 'HEAD', '--repeat', '3']);
    expect(untracked.stdout).toMatch(/^comparing head working tree \(uncommitted changes on/m);
    expect(untracked.stdout).toMatch(/new variables: Pkg::extra \(5\)/);
  },
  LONG,
);

test(
  'a slower footprint call in every pair is a conclusive timing regression: ratio and interval in terminal and json',
  async () => {
    const repo = await packageRepo();
    repo.write('scripts/main.zeek', pkg(['Pkg::table = 40', 'footprint call takes 20 ms']));
    await repo.commit('Walk the table twice');
    const r = await budget(repo, ['--against', 'main~1', '--json', 'r.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /head\/base: footprint call ×2\.00 \[2\.00, 2\.00\], wall ×\d+\.\d\d \[\d+\.\d\d, \d+\.\d\d\], peak RSS ×1\.00 \[1\.00, 1\.00\](, [^\n]*)? +\(median of 5 pairs, 95% interval\)/,
    );
    expect(r.stdout).toMatch(
      /footprint_call +10\.0 ms +20\.0 ms +\+10\.0 ms +\+100% +\+10% +FAIL head\/base ×2\.00 \(95% CI ×2\.00 to ×2\.00, 5 pairs\) above the allowed ×1\.10 \(\+10%\) against base [0-9a-f]{7}/,
    );
    const doc = JSON.parse(readFileSync(path.join(repo.dir, 'r.json'), 'utf8'));
    const subject = doc.suites[0].subjects[0];
    const call = subject.timingComparisons.find((t: { figure: string }) => t.figure === 'footprint_call');
    expect(call).toEqual({
      figure: 'footprint_call',
      ratio: { median: 2, low: 2, high: 2, confidence: 0.95, pairs: 5 },
      head: [0.02, 0.02, 0.02, 0.02, 0.02],
      base: [0.01, 0.01, 0.01, 0.01, 0.01],
    });
    const wall = subject.timingComparisons.find((t: { figure: string }) => t.figure === 'wall');
    expect(wall.head).toHaveLength(5);
    expect(wall.ratio.low).toBeLessThanOrEqual(wall.ratio.median);
    expect(wall.ratio.high).toBeGreaterThanOrEqual(wall.ratio.median);
    const check = subject.checks.find((c: { item: string }) => c.item === 'footprint_call');
    expect(check).toMatchObject({
      verdict: 'fail',
      current: 0.02,
      baseline: 0.01,
      paired: { kind: 'ratio', median: 2, low: 2, high: 2, pairs: 5, limit: 1.1, outcome: 'over' },
    });
    await expectCleanedUp(repo);
  },
  LONG,
);

test(
  'a noisy footprint call straddling the allowance is inconclusive: a warning, exit 0; uncommitted changes are "working tree"',
  async () => {
    const repo = await packageRepo();
    // Not committed: head is the working tree. Its five runs take 8, 14, 9, 13 and 12 ms.
    repo.write('scripts/main.zeek', pkg(['Pkg::table = 40', 'footprint call takes 8,14,9,13,12 ms']));
    const counter = path.join(tmp(), 'counter');
    mkdirSync(counter);
    const r = await budget(repo, ['--against', 'HEAD', '--json', 'r.json', '--reporter', 'junit=r.xml'], { FAKE_ZEEK_RUN_COUNTER: counter });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^comparing head working tree \(uncommitted changes on [0-9a-f]{7}: Initial package\), Zeek 8\.2\.2 vs base HEAD [0-9a-f]{7} \(Initial package\)/m,
    );
    expect(r.stdout).toMatch(/head\/base: footprint call ×1\.20 \[0\.80, 1\.40\]/);
    expect(r.stdout).toMatch(
      /WARN inconclusive against base [0-9a-f]{7}: head\/base ×1\.20 \(95% CI ×0\.80 to ×1\.40, 5 pairs\) straddles the allowed ×1\.10 \(\+10%\); raise repeat \(now 5 pairs, e\.g\. --repeat 10\) for a narrower interval/,
    );
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed, 1 warning$/m);
    expect(readdirSync(counter)).toHaveLength(5);
    const doc = JSON.parse(readFileSync(path.join(repo.dir, 'r.json'), 'utf8'));
    expect(doc.comparison.head).toMatchObject({ label: 'working tree', dirty: true });
    expect(doc.suites[0].subjects[0].checks.find((c: { item: string }) => c.item === 'footprint_call').paired.outcome).toBe('inconclusive');
    const junit = readFileSync(path.join(repo.dir, 'r.xml'), 'utf8');
    expect(junit).toMatch(/<property name="head" value="working tree \(uncommitted changes on [0-9a-f]{7}: Initial package\)"\/>/);
    expect(junit).toMatch(/<property name="base.ref" value="HEAD"\/>/);
    expect(junit).toMatch(/<property name="base.zeek.version" value="8.2.2"\/>/);
    await expectCleanedUp(repo);
  },
  LONG,
);

test(
  'every report names both sides: markdown, html, junit, json',
  async () => {
    const repo = await packageRepo();
    repo.write('scripts/main.zeek', pkg(['Pkg::table = 400', 'footprint call takes 10 ms']));
    const head = await repo.commit('Bigger table');
    const r = await budget(repo, [
      '--against',
      'HEAD~1',
      '--repeat',
      '3',
      '--reporter',
      'markdown=r.md',
      '--reporter',
      'html=r.html',
      '--reporter',
      'junit=r.xml',
      '--json',
      'r.json',
    ]);
    expect(r.code).toBe(1);
    const base = JSON.parse(readFileSync(path.join(repo.dir, 'r.json'), 'utf8')).comparison.base;
    const md = readFileSync(path.join(repo.dir, 'r.md'), 'utf8');
    expect(md).toContain(
      `**head** HEAD ${head.short} (Bigger table), Zeek 8.2.2 vs **base** HEAD~1 ${base.short} (Initial package), Zeek 8.2.2 · 3 runs per trace and side, interleaved`,
    );
    expect(md).toMatch(/\| suite \/ trace \| item \| base \| current \|/);
    expect(md).toMatch(/\| pkg \/ tcp-churn-200\.pcap \| ×1\.00 \[1\.00, 1\.00\] \|/);
    const html = readFileSync(path.join(repo.dir, 'r.html'), 'utf8');
    expect(html).toContain(`<b>head</b> HEAD ${head.short} (Bigger table) · Zeek 8.2.2`);
    expect(html).toContain(`<b>base</b> HEAD~1 ${base.short} (Initial package) · Zeek 8.2.2`);
    expect(html).toMatch(/<th>head\/base \[95% interval\]<\/th>/);
    const junit = readFileSync(path.join(repo.dir, 'r.xml'), 'utf8');
    expect(junit).toContain(`<property name="head.commit" value="${head.hash}"/>`);
    expect(junit).toContain(`<property name="base.commit" value="${base.commit}"/>`);
    expect(junit).toContain(`against base ${base.short}`);
  },
  LONG,
);

test(
  "a suite that did not exist at REF: the current suite with REF's scripts, and a note saying so",
  async () => {
    const repo = await TestRepo.create(path.join(tmp(), 'pkg'));
    repo.write('scripts/__load__.zeek', '@load ./main\n');
    repo.write('scripts/main.zeek', pkg(['Pkg::table = 40', 'Pkg::seen +3 per connection']));
    await repo.commit('A package with a leak, no suite yet');
    repo.write('scripts/main.zeek', pkg(['Pkg::table = 40']));
    repo.write('suites/pkg.yaml', SUITE);
    await repo.commit('Fix the leak, add a suite');
    const r = await budget(repo, ['--against', 'HEAD~1', '--repeat', '3']);
    expect(r.stdout).toMatch(
      /! suites\/pkg\.yaml does not exist at HEAD~1 \([0-9a-f]{7}\): the base ran the current suite's zeek settings with the scripts as they are at HEAD~1/,
    );
    // The base leaked, head does not: a vanished variable, and no failure.
    expect(r.stdout).toMatch(/vanished variables: Pkg::seen \(was 600\)/);
    expect(r.code).toBe(0);
  },
  LONG,
);

test(
  '--zeek-base: two Zeek builds over the same scripts, each named with its version',
  async () => {
    const dir = path.join(tmp(), 'plain');
    mkdirSync(path.join(dir, 'suites'), { recursive: true });
    writeFileSync(path.join(dir, 'suites', 'pkg.yaml'), `traces: [${TRACE}]\nbudgets:\n  - timing: footprint_call\n    increase: { percent: 5 }\n`);
    // An older build: another version, and a footprint call of 5 ms (the head's fake takes about 7.4).
    const old = path.join(dir, 'zeek-8.1');
    writeFileSync(old, `#!/bin/sh\nFAKE_ZEEK_VERSION=8.1.0 FAKE_ZEEK_FOOTPRINT_MS=5 exec "${FAKE_ZEEK}" "$@"\n`);
    chmodSync(old, 0o755);
    const r = await runCliProcess(['budget', '--no-progress', 'suites/pkg.yaml', '--zeek-base', old, '--repeat', '3', '--json', 'r.json'], {
      cwd: dir,
      env: env(),
    });
    expect(r.stdout).toMatch(/^comparing head current scripts, Zeek 8\.2\.2 vs base current scripts, Zeek 8\.1\.0$/m);
    expect(r.stdout).toMatch(/FAIL head\/base ×1\.\d\d \(95% CI .*\) above the allowed ×1\.05 \(\+5%\) against base Zeek 8\.1\.0/);
    expect(r.stdout).toMatch(/! head runs Zeek 8\.2\.2, the base Zeek 8\.1\.0: footprints of Zeek's own globals differ between versions/);
    expect(r.code).toBe(1);
    const doc = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(doc.comparison.base.zeek).toEqual({ path: old, version: '8.1.0' });
    expect(doc.comparison.head.zeek.version).toBe('8.2.2');
    expect(doc.suites[0].subjects[0].timingComparisons[0].base).toEqual([0.005, 0.005, 0.005]);
  },
  LONG,
);

test(
  "a REF that does not resolve is exit 2 with git's message; so is a suite outside any repository",
  async () => {
    const repo = await packageRepo();
    const bad = await budget(repo, ['--against', 'no-such-branch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/zeek-budget: --against no-such-branch: not a commit of .*pkg: git says: fatal: bad revision 'no-such-branch\^\{commit\}'/);
    expect(bad.stdout).toBe('');
    // Settled before zeek is looked for: without a zeek it is still the REF that is wrong.
    expect((await budget(repo, ['--against', 'no-such-branch'], { ZEEK: path.join(tmp(), 'no-zeek') })).code).toBe(2);
    const dash = await budget(repo, ['--against', '--output=x']);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toMatch(/a REF cannot start with "-"/);
    await expectCleanedUp(repo);

    const outside = path.join(tmp(), 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 's.yaml'), `traces: [${TRACE}]\n`);
    const r = await runCliProcess(['budget', '--no-progress', 's.yaml', '--against', 'main'], {
      cwd: outside,
      env: { ...env(), GIT_CEILING_DIRECTORIES: tmp() },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--against REF is a revision of the git repository that holds the suite, and .*s\.yaml is in none .*not a git repository/);
    expect((await budget(repo, ['--against', 'HEAD', '--update'])).stderr).toMatch(/--update writes the committed baseline/);
  },
  LONG,
);

test(
  'Ctrl-C while the sides run: exit 130, zeek stopped, and the base worktree removed',
  async () => {
    const repo = await packageRepo();
    const p = startCli(['budget', '--no-progress', 'suites/pkg.yaml', '--against', 'HEAD', '-j', '2'], {
      cwd: repo.dir,
      env: env({ FAKE_ZEEK_DELAY_MS: '60000' }),
    });
    // Both sides' zeeks name their scripts, which lie below this test's directory (head's checkout, the base's worktree).
    await waitFor('zeek of both sides to run', () => {
      const running = processesMentioning(tmp())
        .map((x) => x.cmdline)
        .filter((c) => c.includes('fake-zeek'));
      return running.some((c) => c.includes('zeek-budget-base-')) && running.some((c) => c.includes(path.join(repo.dir, 'scripts')));
    });
    p.child.kill('SIGINT');
    const r = await p.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/SIGINT: stopping running zeek processes[^]*interrupted: runs were stopped; the base worktree was removed/);
    await expectCleanedUp(repo);
    await waitFor('no zeek left', () => processesMentioning(tmp()).length === 0, 5000);
  },
  LONG,
);
