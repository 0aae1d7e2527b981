import { readFile } from 'node:fs/promises';

/** What a GitHub Actions run tells about the pull request it runs for ($GITHUB_EVENT_PATH). */
export interface PullRequestContext {
  repo: string;
  pr?: number;
  headSha?: string;
  baseSha?: string;
  /**
   * Set when the run's token cannot comment on the pull request: on `pull_request` events from a
   * fork GitHub hands out a read-only token, whatever the workflow asks for.
   */
  readOnly?: string;
}

interface PullRequestEvent {
  pull_request?: {
    number?: number;
    head?: { sha?: string; repo?: { full_name?: string } | null };
    base?: { sha?: string; repo?: { full_name?: string } };
  };
}

export async function pullRequestContext(env: NodeJS.ProcessEnv): Promise<PullRequestContext> {
  const repo = env.GITHUB_REPOSITORY ?? '';
  const event = env.GITHUB_EVENT_PATH ? (JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8').catch(() => '{}')) as PullRequestEvent) : {};
  const pr = event.pull_request;
  if (!pr?.number) return { repo };
  const head = pr.head?.repo?.full_name;
  const base = pr.base?.repo?.full_name ?? repo;
  const fromFork = head !== base;
  return {
    repo,
    pr: pr.number,
    headSha: pr.head?.sha,
    baseSha: pr.base?.sha,
    // pull_request_target runs in the base repository with its token: that one may comment.
    readOnly:
      fromFork && env.GITHUB_EVENT_NAME !== 'pull_request_target' ? `pull request from the fork ${head ?? '(deleted)'}: its token is read-only` : undefined,
  };
}
