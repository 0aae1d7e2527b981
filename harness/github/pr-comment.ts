import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { GithubApiError, type GithubApi } from './github-api.js';

/**
 * One pull-request comment per suite and Zeek build, kept up to date: the comment starts with a
 * hidden marker naming both, so the next run finds it and edits it instead of adding another.
 */
const MARKER_PREFIX = '<!-- zeek-budget-comment ';

export function commentMarker(key: string): string {
  return `${MARKER_PREFIX}${key.replace(/--+>?/g, '-')} -->`;
}

/** GitHub refuses comment bodies over 65536 characters. */
export const MAX_COMMENT = 65_536;

/** The marker, then the report; a report too long for a comment is cut at a line, saying where the rest is. */
export function commentBody(marker: string, markdown: string, footer = ''): string {
  const tail = footer ? `\n${footer}\n` : '';
  const cut = '\n\n… (cut to fit a comment: the full report is in the job summary and the HTML report artifact)\n';
  let body = `${marker}\n${markdown.trimEnd()}\n${tail}`;
  if (body.length <= MAX_COMMENT) return body;
  const room = MAX_COMMENT - marker.length - 1 - cut.length - tail.length;
  const kept = markdown.slice(0, room);
  body = `${marker}\n${kept.slice(0, Math.max(0, kept.lastIndexOf('\n')))}${cut}${tail}`;
  return body;
}

export interface CommentTarget {
  repo: string;
  pr: number;
  marker: string;
  /** The head commit the report is for (the companion workflow checks it). */
  headSha?: string;
}

export type CommentOutcome =
  | { kind: 'created' | 'updated'; url: string }
  /** The body was written to `dir` for the workflow_run companion to post. */
  | { kind: 'artifact'; dir: string; why: string }
  /** The API failed: nothing posted (the body is in `dir`); never a reason to fail a build. */
  | { kind: 'failed'; dir: string; why: string };

/** Edits the comment that carries the marker, or creates it. */
export async function upsertComment(api: GithubApi, t: CommentTarget, body: string): Promise<{ kind: 'created' | 'updated'; url: string }> {
  const existing = (await api.listIssueComments(t.repo, t.pr)).find((c) => (c.body ?? '').startsWith(t.marker));
  if (existing) return { kind: 'updated', url: (await api.updateComment(t.repo, existing.id, body)).html_url };
  return { kind: 'created', url: (await api.createComment(t.repo, t.pr, body)).html_url };
}

export interface PublishOptions {
  api: GithubApi;
  target: CommentTarget;
  body: string;
  /** Where the body goes when it cannot be posted (uploaded as an artifact by the action). */
  artifactDir: string;
  /** Known beforehand not to be postable (a fork's pull request, no token): go straight to the artifact. */
  readOnly?: string;
}

/** Posts or updates the comment; falls back to the artifact for a token that may not write. Never throws for an API failure. */
export async function publishComment(o: PublishOptions): Promise<CommentOutcome> {
  if (o.readOnly) {
    await writeCommentArtifact(o.artifactDir, o.target, o.body);
    return { kind: 'artifact', dir: o.artifactDir, why: o.readOnly };
  }
  try {
    return await upsertComment(o.api, o.target, o.body);
  } catch (e) {
    if (!(e instanceof GithubApiError)) throw e;
    await writeCommentArtifact(o.artifactDir, o.target, o.body);
    if (e.forbidden)
      return {
        kind: 'artifact',
        dir: o.artifactDir,
        why: `the token may not comment (${e.message}): a pull request from a fork, or a workflow without \`permissions: pull-requests: write\``,
      };
    return { kind: 'failed', dir: o.artifactDir, why: e.message };
  }
}

/** comment.json (where and which marker) and comment.md (the body), what the companion workflow reads. */
export const ARTIFACT_FILES = { meta: 'comment.json', body: 'comment.md' } as const;

interface ArtifactMeta {
  schema: 'zeek-budget/comment@1';
  repo: string;
  pr: number;
  marker: string;
  headSha?: string;
}

export async function writeCommentArtifact(dir: string, t: CommentTarget, body: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const meta: ArtifactMeta = { schema: 'zeek-budget/comment@1', repo: t.repo, pr: t.pr, marker: t.marker, ...(t.headSha ? { headSha: t.headSha } : {}) };
  await writeFile(path.join(dir, ARTIFACT_FILES.body), body);
  await writeFile(path.join(dir, ARTIFACT_FILES.meta), `${JSON.stringify(meta, null, 2)}\n`);
}

/**
 * Reads an artifact a fork's run left. Its content comes from untrusted code, so everything is
 * checked: the repository must be the one the companion runs in, the PR a number, the body must
 * start with a zeek-budget marker and fit a comment.
 */
export async function readCommentArtifact(dir: string, repo: string): Promise<{ target: CommentTarget; body: string }> {
  const metaFile = path.join(dir, ARTIFACT_FILES.meta);
  let meta: Partial<ArtifactMeta>;
  let body: string;
  try {
    meta = JSON.parse(await readFile(metaFile, 'utf8')) as Partial<ArtifactMeta>;
    body = await readFile(path.join(dir, ARTIFACT_FILES.body), 'utf8');
  } catch (e) {
    throw new ConfigError(`not a zeek-budget comment artifact (${(e as Error).message}): download the zeek-budget-comment artifact of the run`, {
      file: metaFile,
    });
  }
  const fail = (why: string) => new ConfigError(`refusing the comment artifact: ${why}`, { file: metaFile });
  if (meta.schema !== 'zeek-budget/comment@1') throw fail('unknown schema');
  if (meta.repo !== repo) throw fail(`it is for ${String(meta.repo)}, this is ${repo}`);
  if (!Number.isSafeInteger(meta.pr) || (meta.pr ?? 0) < 1) throw fail(`pr must be a pull request number, got ${String(meta.pr)}`);
  if (typeof meta.marker !== 'string' || !meta.marker.startsWith(MARKER_PREFIX) || !meta.marker.endsWith(' -->') || meta.marker.includes('\n'))
    throw fail('no zeek-budget marker');
  if (!body.startsWith(`${meta.marker}\n`)) throw fail('the body does not start with its marker');
  if (body.length > MAX_COMMENT) throw fail(`the body is longer than a comment can be (${body.length} > ${MAX_COMMENT})`);
  return { target: { repo, pr: meta.pr!, marker: meta.marker, headSha: typeof meta.headSha === 'string' ? meta.headSha : undefined }, body };
}
