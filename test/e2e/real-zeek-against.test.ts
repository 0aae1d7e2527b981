// `budget --against` on a real Zeek, over a small package repository made here: the commit that
// adds the planted leak (test/fixtures/zeek-scripts/leaky.zeek, the recordings' script) fails
// against its parent, with the leak's recorded footprint. Runs only where a real zeek is installed
// (ZEEK or PATH); elsewhere jest reports it skipped.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli, REPO } from '../helpers/run-cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { REAL_ZEEK, withRealZeek } from '../helpers/real-zeek.js';

const tmp = useTempDir();
const SHARED = path.join(REPO, '..', 'shared', 'pcaps');
const LEAKY = path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky.zeek');

withRealZeek(
  '--against the parent of the commit that adds a leak: exit 1, the leak named with both commits',
  async () => {
    if (!existsSync(SHARED)) throw new Error(`${SHARED} is missing: the real-Zeek test needs ../shared/pcaps`);
    const repo = await TestRepo.create(path.join(tmp(), 'pkg'));
    repo.write('scripts/__load__.zeek', '@load ./main\n');
    repo.write('scripts/main.zeek', 'module Leaky;\n');
    repo.write('suites/pkg.yaml', `traces: [${SHARED}/echo-connections.pcap.gz]\nzeek:\n  scripts: [../scripts]\n  interval: 10s\n`);
    const base = await repo.commit('An empty package');
    repo.write('scripts/main.zeek', readFileSync(LEAKY, 'utf8'));
    const head = await repo.commit('Remember every connection');

    const env = { ZEEK: REAL_ZEEK ?? '', ZEEK_BUDGET_CACHE: path.join(tmp(), 'cache') };
    const r = await cli(['budget', '--no-progress', 'suites/pkg.yaml', '--against', 'HEAD~1', '--repeat', '3', '--json', 'r.json'], { cwd: repo.dir, env });
    expect(r.stdout).not.toMatch(/RUN FAILED/);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(`comparing head HEAD ${head.short} \\(Remember every connection\\), Zeek \\S+ vs base HEAD~1 ${base.short} \\(An empty package\\)`),
    );
    expect(r.stdout).toMatch(new RegExp(`Leaky::seen +0 +1500 .*FAIL grew \\+1500 \\(new\\) against base ${base.short}`));
    const doc = JSON.parse(readFileSync(path.join(repo.dir, 'r.json'), 'utf8'));
    const subject = doc.suites[0].subjects[0];
    // The recording leak-echo-connections-10s: 500 connections, footprint 1500 once flushed.
    expect(subject.added).toEqual(expect.arrayContaining([{ name: 'Leaky::seen', baseline: 0, current: 1500 }]));
    const call = subject.timingComparisons.find((t: { figure: string }) => t.figure === 'footprint_call');
    expect(call.ratio.pairs).toBe(3);
    expect(await repo.worktrees()).toEqual([repo.dir]);

    const same = await cli(['budget', '--no-progress', 'suites/pkg.yaml', '--against', 'HEAD', '--repeat', '3'], { cwd: repo.dir, env });
    expect(same.stdout).not.toMatch(/FAIL/);
    expect(same.code).toBe(0);
  },
  300_000,
);
