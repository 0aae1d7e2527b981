// Start-up cost is the modules a command loads before it does anything. Which modules the built CLI
// loads is deterministic, so this guards start-up without timing anything: `--help` loads commander
// and the command definitions only, and `summarize` adds the log reader and nothing of the budget
// run (zod, yaml, execa, the reporters, the workload generator, cli-progress). The times themselves
// are measured by `npm run bench` (docs/performance.md).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_BIN, requireBuiltCli } from '../bad-input/cli-process.js';
import { REPO } from '../helpers/run-cli.js';

const REGISTER = path.join(REPO, 'test', 'fixtures', 'module-trace', 'register.mjs');
const SMALL_LOG = path.join(REPO, 'test', 'fixtures', 'logs', 'my_stats-standalone.log');

/** Loaded modules as `harness/...` paths (of dist/) and package names. */
function modulesLoaded(argv: string[]): { harness: string[]; packages: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-modules-'));
  try {
    const trace = path.join(dir, 'trace.txt');
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(REGISTER).href, CLI_BIN, ...argv], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ZEEK_BUDGET_MODULE_TRACE: trace },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const urls = readFileSync(trace, 'utf8').trim().split('\n');
    const harness = new Set<string>();
    const packages = new Set<string>();
    // The CLI is bundled (scripts/bundle-cli.ts): each file it loads holds the sources its build's
    // metafile names, the harness's modules and the packages' files alike.
    const meta = JSON.parse(readFileSync(path.join(REPO, 'dist', 'cli', 'meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    const bundle = pathToFileURL(path.join(REPO, 'dist', 'cli')).href + '/';
    for (const url of urls) {
      if (!url.startsWith(bundle)) throw new Error(`unexpected module ${url}: the CLI's modules are all in dist/cli/`);
      const output = meta.outputs[`dist/cli/${url.slice(bundle.length)}`];
      if (output === undefined) throw new Error(`${url} is not in dist/cli/meta.json`);
      for (const input of Object.keys(output.inputs)) {
        const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
        if (pkg) packages.add(pkg[1] as string);
        else if (input.startsWith('harness/')) harness.add(input.replace(/\.ts$/, ''));
        else throw new Error(`unexpected source ${input} in ${url}`);
      }
    }
    return { harness: [...harness].sort(), packages: [...packages].sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(() => requireBuiltCli());

test('--help loads commander and the command definitions, nothing else', () => {
  const { harness, packages } = modulesLoaded(['--help']);
  expect(packages).toEqual(['commander']);
  expect(harness).toEqual([
    'harness/cli/bin',
    'harness/cli/commands/budget',
    'harness/cli/commands/check',
    'harness/cli/commands/check-suite-name',
    'harness/cli/commands/comment',
    'harness/cli/commands/export-package',
    'harness/cli/commands/history',
    'harness/cli/commands/history-reporters',
    'harness/cli/commands/init',
    'harness/cli/commands/merge',
    'harness/cli/commands/summarize',
    'harness/cli/guarded-stdout',
    'harness/cli/main',
    'harness/cli/option-parsers',
    'harness/errors',
    'harness/report/reporter-plan',
    'harness/scaffold/suite-template',
    'harness/scaffold/zkg-meta',
    'harness/suite/choices',
    'harness/util/live-resources',
  ]);
});

test("a command's --help loads no more than the top-level --help", () => {
  const top = modulesLoaded(['--help']);
  for (const command of ['init', 'budget', 'check', 'merge', 'history', 'summarize', 'comment', 'export-package']) {
    expect(modulesLoaded([command, '--help'])).toEqual(top);
  }
});

test('summarize loads the log reader, not the budget run', () => {
  const { harness, packages } = modulesLoaded(['summarize', SMALL_LOG]);
  // The hook saw the work being done (so an empty list could not pass).
  expect(harness).toContain('harness/zeek-log/footprint-scanner');
  expect(harness).toContain('harness/summarize/summarize');
  expect(packages.filter((p) => !['commander', 'picocolors', 'lossless-json'].includes(p))).toEqual([]);
  const layersOfTheBudgetRun =
    /^harness\/(pipeline|budget|report\/(?!reporter-plan$)|runner|baseline|suite\/(?!choices$)|workloads|pcap|analysis|git|github|history|scaffold\/(?!suite-template$|zkg-meta$))/;
  expect(harness.filter((m) => layersOfTheBudgetRun.test(m))).toEqual([]);
});
