// `zeek-budget comment` against a fake GitHub REST API on 127.0.0.1 (test/helpers/fake-github.ts):
// one comment per suite and Zeek build, created once and then edited in place; a fork's read-only
// token leaves the body as an artifact for the workflow_run companion; an API failure is a warning
// and never changes the exit code.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commentBody, commentMarker, MAX_COMMENT } from '../../harness/github/pr-comment.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli } from '../helpers/run-cli.js';
import { startFakeGithub, type FakeGithub } from '../helpers/fake-github.js';
import { sampleDocument } from '../report/sample-document.js';

const tmp = useTempDir();
let gh: FakeGithub;
beforeEach(async () => {
  gh = await startFakeGithub('owner/pkg');
});
afterEach(() => gh.close());

function writeResult(edit: (d: ReturnType<typeof sampleDocument>) => void = () => {}, name = 'result.json'): string {
  const doc = sampleDocument();
  edit(doc);
  writeFileSync(path.join(tmp(), name), JSON.stringify(doc));
  return name;
}

function writeEvent(fork = false): string {
  const file = path.join(tmp(), fork ? 'event-fork.json' : 'event.json');
  writeFileSync(
    file,
    JSON.stringify({
      pull_request: {
        number: 7,
        head: { sha: 'c0ffee'.repeat(6) + 'abcd', repo: { full_name: fork ? 'someone/pkg' : 'owner/pkg' } },
        base: { sha: 'ba5e'.repeat(10), repo: { full_name: 'owner/pkg' } },
      },
    }),
  );
  return file;
}

function actionsEnv(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: gh.url,
    GITHUB_REPOSITORY: 'owner/pkg',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: writeEvent(),
    GITHUB_RUN_ID: '42',
    ...(token ? { GITHUB_TOKEN: token } : {}),
    ...extra,
  };
}

const comment = (args: string[], env: Record<string, string>) => cli(['comment', ...args], { cwd: tmp(), env });

test('the first run creates the comment, later runs edit that one; other comments are left alone', async () => {
  gh.comments.set(7, [{ id: 1, body: 'LGTM', html_url: 'x', user: { login: 'human' } }]);
  const first = await comment(['--result', writeResult()], actionsEnv('write-token'));
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/created the pull-request comment https:\/\/github\.com\/owner\/pkg\/pull\/7#issuecomment-1000/);
  const created = gh.comments.get(7)![1]!;
  expect(created.body.split('\n')[0]).toBe('<!-- zeek-budget-comment suites=demo zeek=zeek-8.2 -->');
  expect(created.body).toMatch(/\n### ❌ zeek-budget run failed: 3 failed/);
  expect(created.body).toMatch(/\[variable Leaky::\* \(final\)\]\(https:\/\/github\.com\/owner\/pkg\/blob\/c0ffee(c0ffee){5}abcd\/suites\/demo\.yaml#L7\)/);
  expect(created.body).toMatch(
    /<sub>zeek-budget · suite demo · Zeek 8\.2 \(8\.2\.2\) · c0ffeec0ffee · \[run\]\(https:\/\/github\.com\/owner\/pkg\/actions\/runs\/42\)/,
  );

  const second = await comment(
    [
      '--result',
      writeResult((d) => {
        d.counts.failed = 0;
        d.exitCode = 0;
      }),
    ],
    actionsEnv('write-token'),
  );
  expect(second.stdout).toMatch(/updated the pull-request comment .*#issuecomment-1000/);
  expect(gh.comments.get(7)!.map((c) => c.id)).toEqual([1, 1000]);
  expect(gh.comments.get(7)![0]!.body).toBe('LGTM');
  expect(gh.requests.filter((r) => r.method !== 'GET').map((r) => r.method)).toEqual(['POST', 'PATCH']);
});

test('one comment per suite and Zeek build: another Zeek gets its own, each updated in place', async () => {
  await comment(['--result', writeResult()], actionsEnv('write-token'));
  await comment(
    [
      '--result',
      writeResult((d) => {
        d.zeek = { path: 'docker:zeek/zeek:lts', version: '7.0.5', build: 'spicy' };
      }),
    ],
    actionsEnv('write-token'),
  );
  await comment(
    [
      '--result',
      writeResult((d) => {
        d.zeek = { path: 'docker:zeek/zeek:lts', version: '7.0.6', build: 'spicy' };
      }),
    ],
    actionsEnv('write-token'),
  );
  const markers = gh.comments.get(7)!.map((c) => c.body.split('\n')[0]);
  expect(markers).toEqual(['<!-- zeek-budget-comment suites=demo zeek=zeek-8.2 -->', '<!-- zeek-budget-comment suites=demo zeek=zeek-7.0 -->']);
  expect(gh.comments.get(7)![1]!.body).toMatch(/Zeek 7\.0 \(7\.0\.6\)/);
});

test('the marker is found beyond the first page of comments', async () => {
  const marker = commentMarker('suites=demo zeek=zeek-8.2');
  const many = Array.from({ length: 150 }, (_, i) => ({
    id: i + 1,
    body: i === 120 ? `${marker}\nold` : `comment ${i}`,
    html_url: `u${i}`,
    user: { login: 'x' },
  }));
  gh.comments.set(7, many);
  const r = await comment(['--result', writeResult()], actionsEnv('write-token'));
  expect(r.stdout).toMatch(/updated the pull-request comment u120/);
  expect(gh.comments.get(7)).toHaveLength(150);
  expect(gh.requests.filter((q) => q.method === 'GET').map((q) => q.path)).toEqual([
    '/repos/owner/pkg/issues/7/comments?per_page=100&page=1',
    '/repos/owner/pkg/issues/7/comments?per_page=100&page=2',
  ]);
});

test('a pull request from a fork is not commented on: the body and its target go to the artifact', async () => {
  const r = await comment(['--result', writeResult(), '--artifact-dir', 'out/comment'], actionsEnv('read-token', { GITHUB_EVENT_PATH: writeEvent(true) }));
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /not commented \(pull request from the fork someone\/pkg: its token is read-only\); the comment is in .*out\/comment\/ for the workflow_run companion/,
  );
  expect(gh.requests).toEqual([]);
  const meta = JSON.parse(readFileSync(path.join(tmp(), 'out', 'comment', 'comment.json'), 'utf8'));
  expect(meta).toEqual({
    schema: 'zeek-budget/comment@1',
    repo: 'owner/pkg',
    pr: 7,
    marker: '<!-- zeek-budget-comment suites=demo zeek=zeek-8.2 -->',
    headSha: `${'c0ffee'.repeat(6)}abcd`,
  });
  expect(readFileSync(path.join(tmp(), 'out', 'comment', 'comment.md'), 'utf8')).toMatch(/^<!-- zeek-budget-comment suites=demo zeek=zeek-8\.2 -->\n### ❌/);
});

test('a read-only token that GitHub refuses (403) falls back to the artifact too', async () => {
  const r = await comment(['--result', writeResult()], actionsEnv('read-token'));
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /not commented \(the token may not comment \(POST \/repos\/owner\/pkg\/issues\/7\/comments: 403 Resource not accessible by integration\)/,
  );
  expect(existsSync(path.join(tmp(), 'zeek-budget-comment', 'comment.md'))).toBe(true);
});

test('an API failure is a warning annotation and exit 0: the comment never changes the outcome', async () => {
  gh.failWith = 502;
  const r = await comment(['--result', writeResult()], actionsEnv('write-token'));
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /^::warning title=zeek-budget comment::the pull-request comment was not posted: GET \/repos\/owner\/pkg\/issues\/7\/comments\?per_page=100&page=1: 502 Server Error$/m,
  );
  const down = await comment(['--result', writeResult()], actionsEnv('write-token', { GITHUB_API_URL: 'http://127.0.0.1:9' }));
  expect(down.code).toBe(0);
  expect(down.stdout).toMatch(/::warning title=zeek-budget comment::the pull-request comment was not posted: GET .*: fetch failed/);
});

test("the companion workflow posts a fork's artifact with the base repository's token, after checking the head commit", async () => {
  await comment(['--result', writeResult(), '--artifact-dir', 'art'], actionsEnv('read-token', { GITHUB_EVENT_PATH: writeEvent(true) }));
  gh.pulls.set(7, { head: { sha: `${'c0ffee'.repeat(6)}abcd` } });
  const companionEnv = { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'owner/pkg', GITHUB_TOKEN: 'write-token', GITHUB_EVENT_NAME: 'workflow_run' };
  const wrong = await comment(['--from-artifact', 'art', '--head-sha', 'deadbeef'], companionEnv);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toMatch(/refusing the comment artifact: pull request #7's head is c0ffee.*, the run was for deadbeef/);
  const ok = await comment(['--from-artifact', 'art', '--head-sha', `${'c0ffee'.repeat(6)}abcd`], companionEnv);
  expect(ok.stdout).toMatch(/created the pull-request comment/);
  const again = await comment(['--from-artifact', 'art', '--head-sha', `${'c0ffee'.repeat(6)}abcd`], companionEnv);
  expect(again.stdout).toMatch(/updated the pull-request comment/);
  expect(gh.comments.get(7)).toHaveLength(1);

  // An artifact is untrusted input: one aimed at another repository, or without a marker, is refused.
  const meta = JSON.parse(readFileSync(path.join(tmp(), 'art', 'comment.json'), 'utf8'));
  mkdirSync(path.join(tmp(), 'evil'));
  writeFileSync(path.join(tmp(), 'evil', 'comment.json'), JSON.stringify({ ...meta, repo: 'other/repo' }));
  writeFileSync(path.join(tmp(), 'evil', 'comment.md'), readFileSync(path.join(tmp(), 'art', 'comment.md')));
  expect((await comment(['--from-artifact', 'evil'], companionEnv)).stderr).toMatch(/refusing the comment artifact: it is for other\/repo, this is owner\/pkg/);
  writeFileSync(path.join(tmp(), 'evil', 'comment.json'), JSON.stringify(meta));
  writeFileSync(path.join(tmp(), 'evil', 'comment.md'), 'spam');
  expect((await comment(['--from-artifact', 'evil'], companionEnv)).stderr).toMatch(/the body does not start with its marker/);
});

test('not a pull request: nothing is posted; no result: exit 2', async () => {
  const push = await comment(['--result', writeResult()], {
    ...actionsEnv('write-token'),
    GITHUB_EVENT_PATH: path.join(tmp(), 'none.json'),
    GITHUB_EVENT_NAME: 'push',
  });
  expect(push.code).toBe(0);
  expect(push.stderr).toMatch(/not a pull request/);
  expect(gh.requests).toEqual([]);
  expect((await comment([], actionsEnv('write-token'))).code).toBe(2);
});

test("a report too long for a comment is cut at a line, under GitHub's limit, and says where the rest is", () => {
  const marker = commentMarker('suites=x zeek=zeek-8.2');
  const long = Array.from({ length: 5000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`).join('\n');
  const body = commentBody(marker, long, '<sub>footer</sub>');
  expect(body.length).toBeLessThanOrEqual(MAX_COMMENT);
  expect(body.startsWith(`${marker}\n| row 0 |`)).toBe(true);
  expect(body).toMatch(
    /\| row \d+ \| x+ \|\n\n… \(cut to fit a comment: the full report is in the job summary and the HTML report artifact\)\n\n<sub>footer<\/sub>\n$/,
  );
});
