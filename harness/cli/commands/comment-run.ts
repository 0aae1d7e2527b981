import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildKey, buildLabel } from '../../baseline/zeek-build.js';
import { ConfigError, EnvironmentError, EXIT } from '../../errors.js';
import { pullRequestContext } from '../../github/event.js';
import { GithubApi, GithubApiError } from '../../github/github-api.js';
import { commentBody, commentMarker, publishComment, readCommentArtifact, upsertComment, type CommentOutcome } from '../../github/pr-comment.js';
import type { CommandContext } from '../command-context.js';

export interface CommentFlags {
  result?: string;
  fromArtifact?: string;
  artifactDir: string;
  repo?: string;
  pr?: string;
  key?: string;
  headSha?: string;
}

/** `zeek-budget comment` once its arguments are parsed (loaded only when it runs). */
export async function runCommentCommand(flags: CommentFlags, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const env = io.env;
  const api = new GithubApi({ apiUrl: env.GITHUB_API_URL || 'https://api.github.com', token: env.GITHUB_TOKEN || env.GH_TOKEN || undefined });
  const artifactDir = path.resolve(io.cwd, flags.artifactDir);
  const event = await pullRequestContext(env);
  const repo = flags.repo ?? event.repo;
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo))
    throw new ConfigError(`no repository: give --repo OWNER/NAME (or run under GitHub Actions, which sets GITHUB_REPOSITORY)${repo ? `; got "${repo}"` : ''}`);

  if (flags.fromArtifact) {
    const { target, body } = await readCommentArtifact(path.resolve(io.cwd, flags.fromArtifact), repo);
    if (flags.headSha) {
      const pull = await api.getPull(repo, target.pr).catch((e: unknown) => e);
      if (pull instanceof GithubApiError) return report(ctx, { kind: 'failed', dir: flags.fromArtifact, why: pull.message });
      if ((pull as { head: { sha: string } }).head.sha !== flags.headSha) {
        throw new ConfigError(
          `refusing the comment artifact: pull request #${target.pr}'s head is ${(pull as { head: { sha: string } }).head.sha}, the run was for ${flags.headSha}`,
        );
      }
    }
    const outcome = await upsertComment(api, target, body).catch((e: unknown) => {
      if (e instanceof GithubApiError) return { kind: 'failed' as const, dir: flags.fromArtifact!, why: e.message };
      throw e;
    });
    return report(ctx, outcome);
  }

  if (!flags.result) throw new ConfigError('give --result FILE (the JSON result of `zeek-budget budget --json FILE`), or --from-artifact DIR');
  const pr = flags.pr !== undefined ? Number(flags.pr) : event.pr;
  if (pr === undefined) {
    io.stderr.write('zeek-budget: not a pull request (no --pr, and the event has none): no comment\n');
    return;
  }
  if (!Number.isSafeInteger(pr) || pr < 1) throw new ConfigError(`--pr ${flags.pr}: expected a pull request number`);
  const [{ ResultDocumentSchema }, { renderMarkdown }] = await Promise.all([
    import('../../report/result-document.js'),
    import('../../report/markdown-report.js'),
  ]);
  const file = path.resolve(io.cwd, flags.result);
  const text = await readFile(file, 'utf8').catch((e: Error) => {
    throw new EnvironmentError(`cannot read the result: ${e.message}`, { file });
  });
  const parsed = ResultDocumentSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ConfigError(`not a zeek-budget result (${parsed.error.issues[0]?.message}): write it with budget --json FILE`, { file });
  const doc = parsed.data;
  const build = { version: doc.zeek.version, flavour: doc.zeek.build };
  const suites = doc.suites
    .map((s) => s.name)
    .sort()
    .join(',');
  const key = flags.key ?? `suites=${suites} zeek=${buildKey(build) ?? doc.zeek.version}`;
  const sha = flags.headSha ?? event.headSha ?? env.GITHUB_SHA;
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const run = env.GITHUB_RUN_ID ? ` · [run](${server}/${repo}/actions/runs/${env.GITHUB_RUN_ID})` : '';
  const footer = `<sub>zeek-budget · ${doc.suites.length === 1 ? 'suite' : 'suites'} ${suites} · ${buildLabel(build)} (${doc.zeek.version})${sha ? ` · ${sha.slice(0, 12)}` : ''}${run} · updated in place by later runs</sub>`;
  const markdown = renderMarkdown(doc, sha ? { sourceLink: `${server}/${repo}/blob/${sha}/` } : {});
  const body = commentBody(commentMarker(key), markdown, footer);
  const readOnly = event.readOnly ?? (api.hasToken ? undefined : 'no token (GITHUB_TOKEN) to comment with');
  report(ctx, await publishComment({ api, target: { repo, pr, marker: commentMarker(key), headSha: sha }, body, artifactDir, readOnly }));
}

function report(ctx: CommandContext, o: CommentOutcome): void {
  const { io } = ctx;
  const actions = Boolean(io.env.GITHUB_ACTIONS);
  switch (o.kind) {
    case 'created':
    case 'updated':
      io.stdout.write(`zeek-budget: ${o.kind} the pull-request comment ${o.url}\n`);
      break;
    case 'artifact':
      io.stdout.write(`zeek-budget: not commented (${o.why}); the comment is in ${o.dir}/ for the workflow_run companion to post\n`);
      break;
    case 'failed':
      // Reported, and still exit 0: the comment must not change the gate's result.
      io.stdout.write(`${actions ? '::warning title=zeek-budget comment::' : 'zeek-budget: warning: '}the pull-request comment was not posted: ${o.why}\n`);
      break;
  }
  ctx.setExitCode(EXIT.ok);
}
