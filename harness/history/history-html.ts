import { displayPath } from '../report/document-views.js';
import { htmlPage } from '../report/html-page.js';
import { escapeXml as esc, lineChart } from '../report/svg-charts.js';
import type { BaselineHistory, HistoryCommit, HistoryDocument, HistorySeries } from './history-document.js';
import { counted } from '../text/plural.js';

/** Steps named in a chart's caption; the table below the charts has all of them. */
const CAPTION_STEPS = 3;

/**
 * The history as one self-contained page (inline CSS and SVG, no script, a CSP that forbids any
 * fetch), in the HTML report's style: per suite and trace a chart of each selected variable over
 * the commits that changed the baseline (hover a point for the commit's hash and subject), the
 * total footprint beside them, then every step and every commit in tables.
 */
export function renderHistoryHtml(doc: HistoryDocument): string {
  const facts = [
    counted(doc.suites.length, 'suite'),
    doc.selection.variable === '*' ? 'all variables' : `variables matching ${doc.selection.variable}`,
    `the ${doc.selection.limit} that changed most per baseline`,
    doc.selection.since !== undefined ? `since ${new Date(doc.selection.since * 1000).toISOString().slice(0, 10)}` : '',
  ].filter(Boolean);
  const body = doc.suites.map(
    (s) =>
      `<section class="suite"><h2>suite ${esc(s.name)}</h2><p class="facts"><code>${esc(displayPath(doc, s.file))}</code></p>${s.baselines.map((b) => baselineSection(doc, b)).join('\n')}</section>`,
  );
  const header = `<header>\n<h1>zeek-budget history</h1>\n<p class="facts">${facts.map(esc).join(' · ')}</p>\n</header>`;
  return htmlPage(
    'zeek-budget history',
    [header, ...body].join('\n'),
    `zeek-budget · ${esc(doc.schema)} · generated ${esc(doc.generatedAt)} · from the git history of the committed baselines; footprints are counts of values at the final dump, not bytes`,
  );
}

function baselineSection(doc: HistoryDocument, b: BaselineHistory): string {
  const parts = [
    `<p class="facts">baseline <code>${esc(displayPath(doc, b.file))}</code> · ${counted(b.commits.length, 'commit')} · ${counted(b.changedVariables, 'variable')} changed</p>`,
  ];
  if (b.notes.length) parts.push(`<ul class="warnings">${b.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  const commits = new Map(b.commits.map((c) => [c.hash, c]));
  for (const trace of [...new Set(b.variables.map((v) => v.trace))]) {
    const shown = b.variables.filter((v) => v.trace === trace);
    const total = b.totals.find((t) => t.trace === trace);
    const charts = [...shown, ...(total ? [total] : [])].map((s) => chart(s, b.commits, commits));
    parts.push(`<article class="subject ok"><h3>trace ${esc(trace)}</h3><div class="charts">${charts.join('')}</div>${stepsTable(shown, commits)}</article>`);
  }
  if (b.variables.length === 0) parts.push('<p class="muted">No selected variable changed.</p>');
  parts.push(
    `<details><summary>${b.commits.length} commits of the baseline</summary><table class="changes"><thead><tr><th>commit</th><th>date</th><th>subject</th><th>baseline</th></tr></thead><tbody>${b.commits.map((c) => `<tr><td><code>${esc(c.short)}</code></td><td>${esc(c.date.slice(0, 10))}</td><td>${esc(c.subject)}</td><td>${esc(c.state)}</td></tr>`).join('')}</tbody></table></details>`,
  );
  return parts.join('\n');
}

/** The series over the commits that record its trace: x = commits, hover = hash, subject, date. */
function chart(s: HistorySeries, all: HistoryCommit[], commits: Map<string, HistoryCommit>): string {
  const at = s.values.map((v, i) => ({ v, c: all[i] })).filter((p): p is { v: number; c: HistoryCommit } => p.v !== null && p.c !== undefined);
  const title = s.kind === 'total' ? 'total footprint' : s.item;
  const svg = lineChart({
    title: `${title} over commits`,
    x: at.map((p) => p.c.short),
    xTitle: 'commit',
    series: [{ label: title, values: at.map((p) => p.v), style: 'current' }],
    pointTitles: at.map((p) => `${p.c.short} ${p.c.subject} (${p.c.date.slice(0, 10)})`),
    zeroBased: s.kind !== 'total',
  });
  const steps = s.steps.slice(-CAPTION_STEPS).map((x) => `${x.from} → ${x.to} at ${commits.get(x.commit)?.short ?? x.commit.slice(0, 7)}`);
  const more = s.steps.length > CAPTION_STEPS ? `${s.steps.length - CAPTION_STEPS} earlier steps; ` : '';
  return `<figure>${svg}<figcaption><b>${esc(title)}</b><br>${esc(s.steps.length ? `${more}${steps.join(', ')}` : 'unchanged')}</figcaption></figure>`;
}

function stepsTable(series: HistorySeries[], commits: Map<string, HistoryCommit>): string {
  const rows = series.flatMap((s) =>
    s.steps.map((x) => {
      const c = commits.get(x.commit);
      const d = x.to - x.from;
      return `<tr><td><code>${esc(s.item)}</code></td><td class="num">${x.from}</td><td class="num">${x.to}</td><td class="num">${d >= 0 ? '+' : ''}${d}</td><td><code>${esc(c?.short ?? x.commit)}</code></td><td>${esc(c?.subject ?? '')}</td><td>${esc(c?.date.slice(0, 10) ?? '')}</td></tr>`;
    }),
  );
  return `<details><summary>${counted(rows.length, 'step')}</summary><table class="changes"><thead><tr><th>variable</th><th>from</th><th>to</th><th>change</th><th>commit</th><th>subject</th><th>date</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}
