import { renderGithub } from './github-report.js';
import { renderHtml } from './html-report.js';
import { jsonReportChunks, renderJson } from './json-report.js';
import { renderJunit } from './junit-report.js';
import { renderMarkdown } from './markdown-report.js';
import type { ReporterName } from './reporter-plan.js';
import type { ResultDocument } from './result-document.js';
import { renderTerminal } from './terminal-report.js';

export interface RenderContext {
  /** Colour for the terminal report (only ever on a terminal, never in a file). */
  color: boolean;
  showDiff: boolean;
  updating: boolean;
  env: NodeJS.ProcessEnv;
}

/** One reporter's text for a document. */
export function renderReport(name: ReporterName, doc: ResultDocument, ctx: RenderContext): string {
  switch (name) {
    case 'terminal':
      return renderTerminal(doc, { color: ctx.color, cwd: doc.cwd, showDiff: ctx.showDiff, updating: ctx.updating });
    case 'json':
      return renderJson(doc);
    case 'junit':
      return renderJunit(doc);
    case 'markdown':
      return renderMarkdown(doc, { sourceLink: githubBlobBase(ctx.env) });
    case 'github':
      return renderGithub(doc, { root: ctx.env.GITHUB_WORKSPACE || undefined });
    case 'html':
      return renderHtml(doc);
  }
}

/** One reporter's text in chunks: the JSON report is written as it is serialized, the others are one chunk. */
export function renderReportChunks(name: ReporterName, doc: ResultDocument, ctx: RenderContext): Iterable<string> {
  return name === 'json' ? jsonReportChunks(doc) : [renderReport(name, doc, ctx)];
}

/** `https://github.com/OWNER/REPO/blob/SHA/` inside a GitHub Actions job, for links to rule lines. */
function githubBlobBase(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  return server && repo && sha ? `${server}/${repo}/blob/${sha}/` : undefined;
}
