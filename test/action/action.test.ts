// The GitHub Action: action.yml's wiring, and its main step (action/run.sh) run as GitHub would run
// it - the INPUT_* and GITHUB_* environment, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files - with the
// fake docker client running the fake zeek as the zeek/zeek images' zeek, and the fake GitHub API.
import { jest } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { useTempDir } from '../helpers/temp-dir.js';
import { REPO } from '../helpers/run-cli.js';
import { startFakeGithub, type FakeGithub } from '../helpers/fake-github.js';
import { TestRepo } from '../helpers/git-repo.js';
import { writePackage } from '../scaffold/package-fixture.js';

const tmp = useTempDir('zeek-budget-action-');
jest.setTimeout(60_000);

interface Action {
  runs: { using: string; steps: Array<{ id?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string>; if?: string }> };
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
}
const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;
const runScript = readFileSync(path.join(REPO, 'action', 'run.sh'), 'utf8');

test("action.yml is a composite action whose inputs all reach run.sh, and whose last step exits with the budget's code", () => {
  expect(action.runs.using).toBe('composite');
  expect(Object.keys(action.inputs).sort()).toEqual(['against', 'args', 'comment', 'github-token', 'suite', 'update', 'working-directory', 'zeek-version']);
  expect(action.inputs['zeek-version']?.default).toBe('zeek');
  expect(action.inputs.comment?.default).toBe('true');
  const main = action.runs.steps.find((s) => s.id === 'run')!;
  for (const name of Object.keys(action.inputs)) {
    const envName = name === 'github-token' ? 'GITHUB_TOKEN' : `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
    expect(main.env?.[envName]).toBe(`\${{ inputs.${name} }}`);
    expect(runScript).toContain(envName === 'GITHUB_TOKEN' ? 'comment --result' : envName);
  }
  // Every expression names an input, an output of the run step, or the event.
  for (const m of readFileSync(path.join(REPO, 'action.yml'), 'utf8').matchAll(/\$\{\{\s*([^}]+?)\s*\}\}/g)) {
    const expr = m[1]!;
    const input = /inputs\.([\w-]+)/.exec(expr)?.[1];
    if (input) expect(Object.keys(action.inputs)).toContain(input);
    const out = /steps\.run\.outputs\.([\w-]+)/.exec(expr)?.[1];
    if (out) expect(runScript).toMatch(new RegExp(`output ${out} `));
  }
  const last = action.runs.steps.at(-1)!;
  expect(last.run).toMatch(/exit "\$\{\{ steps\.run\.outputs\.exit-code \|\| 3 \}\}"/);
  const uploads = action.runs.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
  expect(uploads.map((s) => s.with?.name)).toEqual(['zeek-budget-report-${{ steps.run.outputs.label }}', 'zeek-budget-comment-${{ steps.run.outputs.label }}']);
  expect(uploads.every((s) => s.if?.startsWith('always()'))).toBe(true);
});

let gh: FakeGithub;
beforeEach(async () => {
  gh = await startFakeGithub('owner/my-pkg');
});
afterEach(() => gh.close());

interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Asynchronous: the fake GitHub API answers from this very process, so it must not be blocked. */
async function runStep(
  pkg: string,
  inputs: Record<string, string>,
  ctx: { pr?: boolean; fork?: boolean; env?: Record<string, string> } = {},
): Promise<StepRun> {
  const bin = path.join(tmp(), 'bin');
  if (!existsSync(bin)) {
    mkdirSync(bin);
    symlinkSync(path.join(REPO, 'test', 'fixtures', 'fake-docker.mjs'), path.join(bin, 'docker'));
  }
  const files = { output: path.join(tmp(), 'output'), summary: path.join(tmp(), 'summary.md'), event: path.join(tmp(), 'event.json') };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const head = 'c0ffee'.repeat(6) + 'abcd';
  writeFileSync(
    files.event,
    JSON.stringify(
      ctx.pr
        ? {
            pull_request: {
              number: 3,
              head: { sha: head, repo: { full_name: ctx.fork ? 'fork/my-pkg' : 'owner/my-pkg' } },
              base: { sha: 'ba5e'.repeat(10), repo: { full_name: 'owner/my-pkg' } },
            },
          }
        : {},
    ),
  );
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: tmp(),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    ZEEK_BUDGET_BIN: path.join(REPO, 'dist', 'cli', 'bin.js'),
    RUNNER_TEMP: path.join(tmp(), 'runner'),
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: ctx.pr ? 'pull_request' : 'workflow_dispatch',
    GITHUB_REPOSITORY: 'owner/my-pkg',
    GITHUB_API_URL: gh.url,
    GITHUB_TOKEN: 'write-token',
    GITHUB_SHA: head,
    // The zeek/zeek images are stock builds, with Spicy.
    FAKE_ZEEK_BUILD: 'spicy',
    FAKE_DOCKER_IMAGES: 'zeek/zeek:*,zeek/zeek-dev:latest',
    INPUT_SUITE: '',
    INPUT_ZEEK_VERSION: 'zeek',
    INPUT_AGAINST: 'none',
    INPUT_COMMENT: 'true',
    INPUT_UPDATE: 'false',
    INPUT_ARGS: '',
    INPUT_WORKING_DIRECTORY: pkg,
    ...(ctx.pr ? { PR_NUMBER: '3', PR_BASE_SHA: 'ba5e'.repeat(10) } : {}),
    ...inputs,
    ...ctx.env,
  };
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('bash', [path.join(REPO, 'action', 'run.sh')], { cwd: tmp(), env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const outputs = Object.fromEntries(
    readFileSync(files.output, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: readFileSync(files.summary, 'utf8') };
}

/** The suite as `zeek-budget init` writes it (one run per trace, to keep the test short). */
function initPackage(): string {
  const pkg = writePackage(path.join(tmp(), 'my-pkg'));
  expect(spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli', 'bin.js'), 'init', pkg], { env: { PATH: '/nonexistent' } }).status).toBe(0);
  const suite = path.join(pkg, 'testing', 'zeek-budget', 'suite.yaml');
  writeFileSync(suite, readFileSync(suite, 'utf8').replace(/^repeat: 3 /m, 'repeat: 1 '));
  return pkg;
}

/** ... and its baseline, recorded as the manual dispatch with `update: true` does. */
async function packageWithBaseline(): Promise<string> {
  const pkg = initPackage();
  const update = await runStep(pkg, { INPUT_UPDATE: 'true' });
  expect(update.outputs['exit-code']).toBe('0');
  expect(update.stdout).toMatch(/baseline created for Zeek 8\.2: testing\/zeek-budget\/baselines\/my-pkg\.zeek-8\.2\.baseline\.yaml/);
  expect(gh.requests).toEqual([]);
  return pkg;
}

test('a pull request: the suite runs in the zeek/zeek image, the job summary and the HTML report are written, one comment is kept', async () => {
  const pkg = await packageWithBaseline();
  const r = await runStep(pkg, {}, { pr: true });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('zeek-budget budget --no-progress --zeek docker:zeek --reporter github --reporter markdown');
  expect(r.stderr).toMatch(/Zeek 8\.2\.2 \(docker:zeek\/zeek:latest\)/);
  expect(r.outputs).toMatchObject({ 'exit-code': '0', label: 'suites-zeek', report: path.join(tmp(), 'runner', 'zeek-budget', 'report.html') });
  expect(readFileSync(r.outputs.report!, 'utf8')).toMatch(/^<!doctype html>/i);
  expect(r.summary).toMatch(/^### \S+ zeek-budget passed: 0 failed/);
  expect(r.summary).not.toMatch(/matched nothing/);
  expect(gh.comments.get(3)).toHaveLength(1);
  expect(gh.comments.get(3)![0]!.body.split('\n')[0]).toBe('<!-- zeek-budget-comment suites=my-pkg zeek=zeek-8.2 -->');
  await runStep(pkg, {}, { pr: true });
  expect(gh.comments.get(3)).toHaveLength(1);
});

test('a budget that fails keeps its exit code whatever the GitHub API does; the failure is annotated on the suite', async () => {
  const pkg = await packageWithBaseline();
  // The package now keeps twice as much per connection.
  const main = path.join(pkg, 'scripts', 'main.zeek');
  writeFileSync(main, readFileSync(main, 'utf8').replace('MyPkg::seen +3 per connection', 'MyPkg::seen +9 per connection'));
  gh.failWith = 500;
  const down = await runStep(pkg, {}, { pr: true });
  expect(down.code).toBe(0);
  expect(down.outputs['exit-code']).toBe('1');
  expect(down.stdout).toMatch(/^::error file=testing\/zeek-budget\/suite\.yaml,line=\d+,col=\d+,title=zeek-budget%3A .* over budget::/m);
  expect(down.stdout).toMatch(/::warning title=zeek-budget comment::the pull-request comment was not posted: .*500/);
  gh.failWith = undefined;
  const up = await runStep(pkg, {}, { pr: true });
  expect(up.outputs['exit-code']).toBe('1');
  expect(gh.comments.get(3)![0]!.body).toMatch(/### ❌ zeek-budget failed/);
});

test("a fork's pull request: no comment call, the comment is left for the companion workflow", async () => {
  const pkg = await packageWithBaseline();
  const r = await runStep(pkg, {}, { pr: true, fork: true, env: { GITHUB_TOKEN: 'read-token' } });
  expect(r.outputs['exit-code']).toBe('0');
  expect(r.outputs['comment-artifact']).toBe(path.join(tmp(), 'runner', 'zeek-budget', 'comment'));
  expect(JSON.parse(readFileSync(path.join(r.outputs['comment-artifact']!, 'comment.json'), 'utf8'))).toMatchObject({ repo: 'owner/my-pkg', pr: 3 });
  expect(gh.requests).toEqual([]);
});

test('zeek-nightly without its own baseline fails in CI ("no baseline for Zeek 9.1-dev yet"), never compared with 8.2\'s', async () => {
  const pkg = await packageWithBaseline();
  const r = await runStep(pkg, { INPUT_ZEEK_VERSION: 'zeek-nightly' }, { env: { FAKE_ZEEK_VERSION: '9.1.0-dev.57' } });
  expect(r.outputs['exit-code']).toBe('1');
  expect(r.outputs.label).toBe('suites-zeek-nightly');
  expect(r.stdout).toMatch(
    /FAIL no baseline for Zeek 9\.1-dev yet \(other Zeek builds' baselines are never compared: Zeek 8\.2 in my-pkg\.zeek-8\.2\.baseline\.yaml\) \(CI is set, so this fails\): run `npx zeek-budget budget --update --zeek docker:zeek-nightly` under that Zeek/,
  );
});

test('on a pull request the base commit is passed as --against unless `against` says otherwise', async () => {
  const pkg = initPackage();
  const base = await runStep(pkg, { INPUT_AGAINST: '' }, { pr: true });
  expect(base.stdout).toContain(`--json ${path.join(tmp(), 'runner', 'zeek-budget', 'result.json')} --against ${'ba5e'.repeat(10)}`);
  const ref = await runStep(pkg, { INPUT_AGAINST: 'origin/main' }, { pr: true });
  expect(ref.stdout).toContain('--against origin/main');
  const bad = await runStep(pkg, { INPUT_UPDATE: 'maybe' });
  expect(bad.outputs['exit-code']).toBe('2');
  expect(bad.stdout).toMatch(/::error title=zeek-budget::update must be true, new or false, got 'maybe'/);
});

test('the example workflows use the action with its inputs, and the companion posts the fork artifacts it uploads', () => {
  const read = (f: string) =>
    parse(readFileSync(path.join(REPO, 'docs', 'examples', f), 'utf8')) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { strategy?: { matrix: { zeek: string[] } }; steps: Array<{ uses?: string; with?: Record<string, string> }> }>;
    };
  const main = read('zeek-budget.yml');
  expect(main.jobs.budget?.strategy?.matrix.zeek).toEqual(['zeek', 'zeek-lts', 'zeek-nightly']);
  expect(main.permissions['pull-requests']).toBe('write');
  const uses = (wf: ReturnType<typeof read>) =>
    Object.values(wf.jobs)
      .flatMap((j) => j.steps)
      .filter((s) => s.uses === '<owner>/zeek-budget@v1');
  for (const wf of [main, read('zeek-budget-update.yml')]) {
    for (const step of uses(wf)) for (const k of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(k);
  }
  expect(uses(read('zeek-budget-update.yml'))[0]?.with).toMatchObject({ update: 'true', comment: 'false' });
  expect(Object.keys(read('zeek-budget-update.yml').on)).toEqual(['workflow_dispatch']);
  const companion = read('zeek-budget-comment.yml');
  expect(Object.keys(companion.on)).toEqual(['workflow_run']);
  const steps = companion.jobs.comment!.steps;
  expect(steps[0]?.with?.pattern).toBe('zeek-budget-comment-*');
  expect(steps[1]?.uses).toBe('<owner>/zeek-budget/comment@v1');
  const sub = parse(readFileSync(path.join(REPO, 'comment', 'action.yml'), 'utf8')) as Action;
  expect(sub.runs.using).toBe('composite');
  expect(Object.keys(sub.inputs).sort()).toEqual(
    Object.keys(steps[1]?.with ?? {})
      .concat('github-token')
      .sort(),
  );
  expect(JSON.stringify(sub.runs.steps)).toContain('action/post-comments.sh');
});

test('the companion step posts each downloaded artifact, checking the head commit, and warns about one it refuses', async () => {
  const head = `${'c0ffee'.repeat(6)}abcd`;
  gh.pulls.set(3, { head: { sha: head } });
  const artifacts = path.join(tmp(), 'zeek-budget-comments');
  const write = (name: string, repo: string, key: string) => {
    const dir = path.join(artifacts, name);
    mkdirSync(dir, { recursive: true });
    const marker = `<!-- zeek-budget-comment ${key} -->`;
    writeFileSync(path.join(dir, 'comment.json'), JSON.stringify({ schema: 'zeek-budget/comment@1', repo, pr: 3, marker, headSha: head }));
    writeFileSync(path.join(dir, 'comment.md'), `${marker}\n### ✅ zeek-budget passed\n`);
  };
  write('zeek-budget-comment-suites-zeek', 'owner/my-pkg', 'suites=a zeek=zeek-8.2');
  write('zeek-budget-comment-suites-zeek-lts', 'owner/my-pkg', 'suites=a zeek=zeek-7.0');
  write('zeek-budget-comment-evil', 'someone/else', 'suites=a zeek=zeek-8.2');
  const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn('bash', [path.join(REPO, 'action', 'post-comments.sh')], {
      env: {
        PATH: process.env.PATH ?? '',
        ARTIFACTS: artifacts,
        HEAD_SHA: head,
        ZEEK_BUDGET_BIN: path.join(REPO, 'dist', 'cli', 'bin.js'),
        GITHUB_TOKEN: 'write-token',
        GITHUB_REPOSITORY: 'owner/my-pkg',
        GITHUB_API_URL: gh.url,
      },
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('close', (code) => resolve({ code, out }));
  });
  expect(r.code).toBe(0);
  expect(
    gh.comments
      .get(3)
      ?.map((c) => c.body.split('\n')[0])
      .sort(),
  ).toEqual(['<!-- zeek-budget-comment suites=a zeek=zeek-7.0 -->', '<!-- zeek-budget-comment suites=a zeek=zeek-8.2 -->']);
  expect(r.out).toMatch(/refusing the comment artifact: it is for someone\/else/);
  expect(r.out).toMatch(/::warning title=zeek-budget comment::the comment in .*zeek-budget-comment-evil\/ was not posted/);
});

test('a pull request with the default `against`: the base commit is measured in the same run and the comment shows head against base', async () => {
  const pkg = initPackage();
  const repo = await TestRepo.create(pkg);
  const base = await repo.commit('The package with its suite');
  const main = path.join(pkg, 'scripts', 'main.zeek');
  writeFileSync(main, readFileSync(main, 'utf8').replace('MyPkg::seen +3 per connection', 'MyPkg::seen +9 per connection'));
  await repo.commit('Keep three times as much');
  const r = await runStep(pkg, { INPUT_AGAINST: '' }, { pr: true, env: { PR_BASE_SHA: base.hash } });
  expect(r.stdout).toContain(`--against ${base.hash}`);
  expect(r.stderr).toMatch(
    new RegExp(`comparing head HEAD [0-9a-f]{7} \\(Keep three times as much\\), Zeek 8\\.2\\.2 vs base ${base.short} \\(The package with its suite\\)`),
  );
  expect(r.outputs['exit-code']).toBe('1');
  const body = gh.comments.get(3)![0]!.body;
  expect(body).toMatch(/\*\*head\*\* .* vs \*\*base\*\* /);
  expect(body).toMatch(/MyPkg/);
});
