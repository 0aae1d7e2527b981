/**
 * The few GitHub REST calls a pull-request comment needs (issue comments, one pull request), over
 * Node's fetch. No retries and a short timeout: a comment is a courtesy, never worth delaying or
 * failing a build for.
 */
export class GithubApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when no response came (network, timeout). */
    readonly status: number,
  ) {
    super(message);
    this.name = 'GithubApiError';
  }

  /** The token may not write here: a pull request from a fork (read-only token), or a token without `pull-requests: write`. */
  get forbidden(): boolean {
    return this.status === 401 || this.status === 403 || this.status === 404;
  }
}

export interface IssueComment {
  id: number;
  body: string;
  html_url: string;
}

export interface PullRequest {
  number: number;
  head: { sha: string };
}

export interface GithubApiOptions {
  /** $GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise server's. */
  apiUrl: string;
  token: string | undefined;
  timeoutMs?: number;
}

const PAGE_SIZE = 100;
/** 5000 comments: beyond that the marker is not looked for (a new comment is made). */
const MAX_PAGES = 50;

export class GithubApi {
  constructor(private readonly opts: GithubApiOptions) {}

  get hasToken(): boolean {
    return Boolean(this.opts.token);
  }

  async listIssueComments(repo: string, issue: number): Promise<IssueComment[]> {
    const all: IssueComment[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const batch = await this.request<IssueComment[]>('GET', `/repos/${repo}/issues/${issue}/comments?per_page=${PAGE_SIZE}&page=${page}`);
      all.push(...batch);
      if (batch.length < PAGE_SIZE) break;
    }
    return all;
  }

  createComment(repo: string, issue: number, body: string): Promise<IssueComment> {
    return this.request('POST', `/repos/${repo}/issues/${issue}/comments`, { body });
  }

  updateComment(repo: string, id: number, body: string): Promise<IssueComment> {
    return this.request('PATCH', `/repos/${repo}/issues/comments/${id}`, { body });
  }

  getPull(repo: string, number: number): Promise<PullRequest> {
    return this.request('GET', `/repos/${repo}/pulls/${number}`);
  }

  private async request<T>(method: string, route: string, body?: unknown): Promise<T> {
    const url = `${this.opts.apiUrl.replace(/\/+$/, '')}${route}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'user-agent': 'zeek-budget',
          ...(this.opts.token ? { authorization: `Bearer ${this.opts.token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new GithubApiError(`${method} ${route}: ${(e as Error).message}`, 0);
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new GithubApiError(`${method} ${route}: ${res.status} ${message}`, res.status);
    }
    return JSON.parse(text) as T;
  }
}
