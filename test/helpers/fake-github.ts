import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A FAKE GitHub REST API on 127.0.0.1 for the comment tests: the four routes `zeek-budget comment`
 * uses, with GitHub's shapes and status codes - issue comments listed 100 per page at most
 * (?per_page, ?page), created with POST (201), edited with PATCH (200); a pull request with its
 * head sha. Tokens are "write" (may comment), "read" (a fork's pull_request token: writes answer
 * 403 "Resource not accessible by integration", as GitHub does), or absent (401). `failWith`
 * makes every call answer that status (an outage).
 */
export interface FakeComment {
  id: number;
  body: string;
  html_url: string;
  user: { login: string };
}

export interface FakeGithub {
  url: string;
  comments: Map<number, FakeComment[]>;
  pulls: Map<number, { head: { sha: string } }>;
  requests: Array<{ method: string; path: string; token?: string }>;
  failWith?: number;
  close(): Promise<void>;
}

const TOKENS: Record<string, 'write' | 'read'> = { 'write-token': 'write', 'read-token': 'read' };

export async function startFakeGithub(repo = 'owner/pkg'): Promise<FakeGithub> {
  let nextId = 1000;
  const state: Omit<FakeGithub, 'url' | 'close'> = { comments: new Map(), pulls: new Map(), requests: [] };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    state.requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, token });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (state.failWith) return send(res, state.failWith, { message: 'Server Error' });
    const access = token ? TOKENS[token] : undefined;
    if (!access) return send(res, 401, { message: 'Bad credentials' });
    const prefix = `/repos/${repo}`;
    if (!url.pathname.startsWith(`${prefix}/`)) return send(res, 404, { message: 'Not Found' });
    const route = url.pathname.slice(prefix.length);
    let m = /^\/issues\/(\d+)\/comments$/.exec(route);
    if (m) {
      const issue = Number(m[1]);
      const list = state.comments.get(issue) ?? [];
      if (req.method === 'GET') {
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
        const page = Number(url.searchParams.get('page') ?? 1);
        return send(res, 200, list.slice((page - 1) * perPage, page * perPage));
      }
      if (req.method === 'POST') {
        if (access !== 'write') return send(res, 403, { message: 'Resource not accessible by integration' });
        const c: FakeComment = { id: nextId++, body: (JSON.parse(raw) as { body: string }).body, html_url: '', user: { login: 'github-actions[bot]' } };
        c.html_url = `https://github.com/${repo}/pull/${issue}#issuecomment-${c.id}`;
        state.comments.set(issue, [...list, c]);
        return send(res, 201, c);
      }
    }
    m = /^\/issues\/comments\/(\d+)$/.exec(route);
    if (m && req.method === 'PATCH') {
      if (access !== 'write') return send(res, 403, { message: 'Resource not accessible by integration' });
      const c = [...state.comments.values()].flat().find((x) => x.id === Number(m![1]));
      if (!c) return send(res, 404, { message: 'Not Found' });
      c.body = (JSON.parse(raw) as { body: string }).body;
      return send(res, 200, c);
    }
    m = /^\/pulls\/(\d+)$/.exec(route);
    if (m && req.method === 'GET') {
      const pull = state.pulls.get(Number(m[1]));
      return pull ? send(res, 200, { number: Number(m[1]), ...pull }) : send(res, 404, { message: 'Not Found' });
    }
    return send(res, 404, { message: 'Not Found' });
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { message: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake = Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
  return fake;
}
