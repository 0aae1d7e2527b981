import { formatAmount, formatSeconds } from '../text/format-amount.js';
import { maxOf, median } from '../util/stats.js';
import { formatPercent, percentChange } from '../text/format-amount.js';
import { formatBytes } from '../util/parse-bytes.js';
import {
  amountText,
  displayPath,
  finalTotal,
  itemLabel,
  currentItemSeries,
  baselineItemSeries,
  hasBaselineSeries,
  largestConnections,
  moduleTotals,
  problemChecks,
  ratioText,
  ruleFor,
  runFailureCount,
  sideName,
  statusWord,
  subjectKind,
  timingLabel,
  VERDICT_ORDER,
} from './document-views.js';
import { htmlPage } from './html-page.js';
import type { CheckDoc, ResultDocument, RuleDoc, ScalingDoc, SubjectDoc, SuiteDoc, FootprintsDoc } from './result-document.js';
import { barChart, escapeXml as esc, lineChart, spreadChart, type SpreadRow } from './svg-charts.js';
import { limitText } from './terminal-report.js';
import { counted, plural } from '../text/plural.js';

/** Charts of moved or failing variables per trace, besides the total. */
const MAX_VARIABLE_CHARTS = 6;
const MAX_MODULE_BARS = 8;
const MAX_CHANGE_ROWS = 60;

/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, a CSP that forbids any
 * fetch), so it opens the same from a CI artifact, a mail or a laptop without network. Per suite and
 * trace: the failing rules first, then charts of each notable variable across dumps against the
 * baseline, the module shares and the timing medians with their spread.
 */
export function renderHtml(doc: ResultDocument): string {
  const title = `zeek-budget: ${statusWord(doc)}`;
  const body = [header(doc), problemsSummary(doc), ...doc.suites.map((s, i) => suiteSection(doc, s, i))].join('\n');
  return htmlPage(
    title,
    body,
    `zeek-budget · ${esc(doc.schema)} · generated ${esc(doc.generatedAt)} · footprints are counts of values (global_container_footprints()), not bytes`,
  );
}

function header(doc: ResultDocument): string {
  const status = statusWord(doc);
  const cls = status === 'passed' ? 'ok' : 'fail';
  const { passed, failed, warned, unchecked } = doc.counts;
  const runs = runFailureCount(doc);
  const traces = doc.suites.reduce((n, s) => n + s.subjects.length, 0);
  const facts = [
    `Zeek ${doc.zeek.version}`,
    `package ${doc.packageVersion}`,
    counted(doc.suites.length, 'suite'),
    counted(traces, 'trace'),
    doc.shard ? `shard ${doc.shard.index}/${doc.shard.count}` : '',
    doc.mergedShards ? `merged from ${doc.mergedShards} shards` : '',
  ].filter(Boolean);
  const stat = (n: number, label: string, c: string) => `<div class="stat ${n ? c : ''}"><b>${n}</b> ${label}</div>`;
  return `<header>
<h1><span class="badge ${cls}">${esc(status.toUpperCase())}</span> zeek-budget report</h1>
<p class="facts">${facts.map(esc).join(' · ')}</p>
${sidesLine(doc)}
<div class="stats">${stat(failed, 'failed', 'fail')}${stat(warned, 'warnings', 'warn')}${stat(runs, 'runs failed', 'fail')}${stat(passed, 'passed', 'ok')}${stat(unchecked, 'not checked', 'muted')}</div>
${doc.warnings.length ? `<ul class="warnings">${doc.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
</header>`;
}

/** --against / --zeek-base: which two sides were measured, with each Zeek. */
function sidesLine(doc: ResultDocument): string {
  const c = doc.comparison;
  if (!c) return '';
  const side = (s: typeof c.head) => `${esc(sideName(s))} · Zeek ${esc(s.zeek.version)} <span class="muted">(${esc(s.zeek.path)})</span>`;
  return `<p class="sides"><b>head</b> ${side(c.head)}<br><b>base</b> ${side(c.base)}<br><span class="muted">${c.repeat} runs per trace and side, interleaved; footprints compared exactly with the base, timings as median head/base ratios of the pairs with ${Math.round(c.confidence * 100)}% intervals</span></p>`;
}

function problemsSummary(doc: ResultDocument): string {
  const problems = problemChecks(doc);
  const runs = doc.suites.flatMap((s, i) => s.runFailures.map((f) => ({ s, i, f })));
  if (problems.length === 0 && runs.length === 0) return `<section class="summary"><p class="allgood">Every budget holds.</p></section>`;
  const anchors = subjectAnchors(doc);
  const rows = problems.slice(0, 100).map(({ suite, where, check, rule }) => {
    const href = anchors.get(`${suite.name}\0${where}`);
    return `<tr class="${check.verdict}"><td>${verdictBadge(check.verdict)}</td><td>${href ? `<a href="#${href}">${esc(suite.name)} / ${esc(where)}</a>` : `${esc(suite.name)} / ${esc(where)}`}</td><td><code>${esc(itemLabel(rule, check))}</code></td><td class="reason">${esc(check.reason)}</td><td>${ruleCell(doc, suite, rule)}</td></tr>`;
  });
  const more = problems.length > 100 ? `<p class="muted">… and ${problems.length - 100} more, in the sections below.</p>` : '';
  const runList = runs.length
    ? `<h3>Runs that failed</h3><ul class="runfail">${runs.map(({ s, f }) => `<li><b>${esc(s.name)} / ${esc(f.trace)}</b> (repeat ${f.repeat}): ${esc(firstLine(f.message))}</li>`).join('')}</ul>`
    : '';
  const table = rows.length
    ? `<h2>Failures and warnings</h2><table class="checks"><thead><tr><th></th><th>suite / trace</th><th>item</th><th>why</th><th>rule</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`
    : '';
  return `<section class="summary">${table}${runList}</section>`;
}

function subjectAnchors(doc: ResultDocument): Map<string, string> {
  const m = new Map<string, string>();
  doc.suites.forEach((s, i) => {
    s.subjects.forEach((subj, j) => m.set(`${s.name}\0${subj.name}`, `subject-${i}-${j}`));
    s.scaling.forEach((g, k) => m.set(`${s.name}\0scaling ${g.group}`, `scaling-${i}-${k}`));
  });
  return m;
}

function suiteSection(doc: ResultDocument, s: SuiteDoc, i: number): string {
  const failed = s.counts.failed > 0 || s.runFailures.length > 0;
  const parts = [
    `<h2><span class="badge ${failed ? 'fail' : 'ok'}">${failed ? 'FAIL' : 'OK'}</span> suite ${esc(s.name)}</h2>`,
    `<p class="facts"><code>${esc(displayPath(doc, s.file))}</code> → ${doc.comparison ? `head vs base ${esc(sideName(doc.comparison.base))}` : `<code>${esc(displayPath(doc, s.baseline.file))}</code> · baseline ${esc(baselineNote(s))}`} · ${s.counts.passed} passed, ${s.counts.failed} failed, ${s.counts.warned} warnings${s.description ? ` · ${esc(s.description)}` : ''}</p>`,
  ];
  if (s.warnings.length) parts.push(`<ul class="warnings">${s.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`);
  for (const f of s.runFailures) {
    parts.push(
      `<div class="runfail-box"><h3><span class="badge fail">RUN FAILED</span> ${esc(f.trace)} (repeat ${f.repeat}, ${esc(f.kind)})</h3><pre>${esc(f.message)}</pre>${f.command ? `<p>reproduce:</p><pre class="command">${esc(f.command)}</pre>` : ''}</div>`,
    );
  }
  s.subjects.forEach((subj, j) => parts.push(subjectSection(doc, s, subj, `subject-${i}-${j}`)));
  s.scaling.forEach((g, k) => parts.push(scalingSection(doc, s, g, `scaling-${i}-${k}`)));
  const notRun = [...s.skippedTraces.map((t) => `${t} (--filter)`), ...s.otherShards.map((t) => `${t} (another shard)`)];
  if (notRun.length) parts.push(`<p class="muted">not run here: ${esc(notRun.join(', '))}</p>`);
  if (s.baseline.diff) parts.push(`<details><summary>Baseline diff (what <code>--update</code> writes)</summary>${diffBlock(s.baseline.diff)}</details>`);
  return `<section class="suite" id="suite-${i}">${parts.join('\n')}</section>`;
}

function baselineNote(s: SuiteDoc): string {
  const b = s.baseline;
  if (b.missingFails) return `missing for ${b.missing.join(', ')} (fails in CI)`;
  if (b.state === 'present') return b.missing.length ? `present, without ${b.missing.join(', ')}` : 'present';
  return b.state;
}

function subjectSection(doc: ResultDocument, suite: SuiteDoc, s: SubjectDoc, id: string): string {
  const problems = s.checks
    .filter((c) => c.verdict === 'fail' || c.verdict === 'warn')
    .sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || Math.abs(change(b)) - Math.abs(change(a)));
  const status = problems.some((c) => c.verdict === 'fail') ? 'fail' : problems.length ? 'warn' : 'ok';
  const passed = s.checks.filter((c) => c.verdict === 'pass').length;
  const unchecked = s.checks.filter((c) => c.verdict === 'unchecked').length;
  const parts = [
    `<h3>${verdictBadge(status === 'ok' ? 'pass' : status)} ${subjectKind(s)} ${esc(s.name)}</h3>`,
    `<p class="facts">${esc(subjectFacts(s))}</p>`,
  ];
  if (s.warnings.length) parts.push(`<ul class="warnings">${s.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`);
  if (problems.length) parts.push(checksTable(doc, suite, problems));
  parts.push(
    `<p class="muted">${passed} check${passed === 1 ? '' : 's'} pass${unchecked ? `, ${unchecked} not checked (no baseline)` : ''}${problems.length ? `, ${problems.length} above` : ''}.</p>`,
  );
  if (s.timingComparisons?.length) parts.push(timingComparisonTable(s));
  parts.push(`<div class="charts">${subjectCharts(suite, s, problems, doc.comparison ? 'base' : 'baseline').join('')}</div>`);
  parts.push(changesTable(s, doc.comparison ? 'base' : 'baseline'));
  parts.push(connectionsTable(s, doc.comparison ? 'base' : 'baseline'));
  return `<article class="subject ${status}" id="${id}">${parts.join('\n')}</article>`;
}

function subjectFacts(s: SubjectDoc): string {
  const t = s.timing;
  return [
    `${s.dumps.length} dumps`,
    `total footprint ${finalTotal(s).toLocaleString('en-US')}`,
    t.footprint_call ? `footprint call ${formatSeconds(t.footprint_call.median)}` : '',
    t.wall ? `wall ${formatSeconds(t.wall.median)}` : '',
    t.peak_rss ? `peak RSS ${formatBytes(t.peak_rss.median)}` : '',
    t.rss ? `RSS ${formatBytes(t.rss.median)} at the end` : '',
    (t.wall?.values.length ?? 1) > 1 ? `medians of ${t.wall?.values.length}` : '',
    s.baseline ? '' : 'no baseline entry',
  ]
    .filter(Boolean)
    .join(' · ');
}

function checksTable(doc: ResultDocument, suite: SuiteDoc, checks: CheckDoc[]): string {
  const rows = checks.map((c) => {
    const rule = ruleFor(suite, c);
    const d = change(c);
    const pct = c.baseline === undefined || c.current === null ? '' : formatPercent(percentChange(c.current, c.baseline));
    return `<tr class="${c.verdict}"><td>${verdictBadge(c.verdict)}</td><td><code>${esc(itemLabel(rule, c))}</code></td><td class="num">${c.baseline === undefined ? '–' : esc(amountText(rule, c.baseline))}</td><td class="num">${esc(amountText(rule, c.current))}</td><td class="num">${c.baseline === undefined ? '' : esc(`${d >= 0 ? '+' : '-'}${amountText(rule, Math.abs(d))} ${pct}`)}</td><td>${esc(limitText(rule) || aspectLimit(rule, c))}</td><td class="reason">${esc(c.reason)}</td><td>${ruleCell(doc, suite, rule)}</td></tr>`;
  });
  return `<table class="checks"><thead><tr><th></th><th>item</th><th>${doc.comparison ? 'base' : 'baseline'}</th><th>current</th><th>change</th><th>limit</th><th>why</th><th>rule</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function aspectLimit(rule: RuleDoc, c: CheckDoc): string {
  if (c.aspect === 'growth' && rule.growth) return `growth ${rule.growth.maxPerHour}/h`;
  if (c.aspect === 'scaling' && rule.scaling)
    return [
      rule.scaling.maxPerUnit !== undefined ? `${rule.scaling.maxPerUnit}/unit` : '',
      rule.scaling.maxExponent !== undefined ? `exponent ${rule.scaling.maxExponent}` : '',
    ]
      .filter(Boolean)
      .join(', ');
  return '';
}

function ruleCell(doc: ResultDocument, suite: SuiteDoc, rule: RuleDoc): string {
  const where = rule.line ? `${displayPath(doc, suite.file)}:${rule.line}` : 'default rule';
  return `${esc(rule.label)}<br><span class="muted">${esc(where)}</span>`;
}

/** Each timing figure head against base: medians, the ratio of the pairs and its interval. */
function timingComparisonTable(s: SubjectDoc): string {
  const rows = (s.timingComparisons ?? []).map((t) => {
    const fmt = (values: number[]) => formatAmount({ kind: 'timing', figure: t.figure }, median(values));
    const check = s.checks.find((c) => c.paired && c.item === t.figure);
    const verdict = check ? `${verdictBadge(check.verdict)} ${esc(check.reason)}` : '<span class="muted">no increase rule</span>';
    return `<tr class="${check?.verdict ?? ''}"><td>${esc(timingLabel(t.figure))}</td><td class="num">${esc(fmt(t.head))}</td><td class="num">${esc(fmt(t.base))}</td><td class="num">${esc(ratioText(t.ratio))}</td><td class="num">${t.ratio.pairs}</td><td>${verdict}</td></tr>`;
  });
  return `<table class="checks ratios"><thead><tr><th>timing</th><th>head</th><th>base</th><th>head/base [${Math.round((s.timingComparisons?.[0]?.ratio.confidence ?? 0.95) * 100)}% interval]</th><th>pairs</th><th>verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function subjectCharts(suite: SuiteDoc, s: SubjectDoc, problems: CheckDoc[], reference: string): string[] {
  const x = s.dumps.map((_, i) => String(i + 1));
  const charts: string[] = [];
  const chartOf = (selector: RuleDoc['selector'], item: string, failing: CheckDoc[]) => {
    // Gone from this run: 0 at every dump.
    const now = currentItemSeries(s, selector, item) ?? new Array<number>(s.dumps.length).fill(0);
    // A variable the baseline does not have did not exist then: its baseline is 0 at every dump.
    const then = hasBaselineSeries(s, selector)
      ? (baselineItemSeries(s, selector, item) ?? new Array<number>(s.baseline?.dumps ?? now.length).fill(0))
      : undefined;
    const maxRule = failing.map((c) => ruleFor(suite, c)).find((r) => r.max !== undefined);
    const what =
      selector.kind === 'module'
        ? `module ${item}`
        : selector.kind === 'total'
          ? 'total footprint'
          : selector.kind === 'connection'
            ? `connection field ${item} (largest connection)`
            : item;
    const svg = lineChart({
      title: `${what} per dump`,
      x,
      xTitle: 'dump',
      series: [
        ...(then ? [{ label: reference, values: then, style: 'baseline' as const }] : []),
        { label: 'current', values: now, style: failing.some((c) => c.verdict === 'fail') ? ('fail' as const) : ('current' as const) },
      ],
      limit: maxRule?.max !== undefined ? { value: maxRule.max, label: `max ${maxRule.max}` } : undefined,
      zeroBased: selector.kind === 'variable' || selector.kind === 'connection',
    });
    return figure(what, svg, failing.length ? failing.map((c) => c.reason).join('; ') : moveCaption(now, then, reference));
  };
  const seen = new Set<string>();
  const key = (kind: string, item: string) => `${kind}\0${item}`;
  // The failing items first, each once; then the total; then whatever moved most.
  for (const c of problems) {
    const rule = ruleFor(suite, c);
    if (rule.selector.kind === 'timing' || c.current === null || seen.has(key(rule.selector.kind, c.item)) || charts.length >= MAX_VARIABLE_CHARTS) continue;
    seen.add(key(rule.selector.kind, c.item));
    charts.push(
      chartOf(
        rule.selector,
        c.item,
        problems.filter((p) => p.item === c.item && ruleFor(suite, p).selector.kind === rule.selector.kind),
      ),
    );
  }
  if (!seen.has(key('total', 'total'))) charts.unshift(chartOf({ kind: 'total' }, 'total', []));
  const moved = [...s.changed, ...s.added, ...s.vanished]
    .filter((m) => m.current !== m.baseline)
    .sort((a, b) => Math.abs(b.current - b.baseline) - Math.abs(a.current - a.baseline));
  for (const m of moved) {
    if (charts.length > MAX_VARIABLE_CHARTS) break;
    if (seen.has(key('variable', m.name))) continue;
    seen.add(key('variable', m.name));
    charts.push(chartOf({ kind: 'variable', pattern: m.name }, m.name, []));
  }
  charts.push(moduleChart(s, reference));
  const timing = timingChart(suite, s, reference);
  if (timing) charts.push(timing);
  return charts;
}

function moveCaption(now: number[], then: number[] | undefined, reference: string): string {
  const a = now[now.length - 1] ?? 0;
  if (!then) return `final ${a.toLocaleString('en-US')}`;
  const b = then[then.length - 1] ?? 0;
  return a === b
    ? `final ${a.toLocaleString('en-US')}, as in the ${reference}`
    : `final ${b.toLocaleString('en-US')} → ${a.toLocaleString('en-US')} (${formatPercent(percentChange(a, b))})`;
}

function moduleChart(s: SubjectDoc, reference: string): string {
  const last: FootprintsDoc = s.dumps[s.dumps.length - 1]?.footprints ?? {};
  const mods = moduleTotals(last);
  const total = mods.reduce((a, [, n]) => a + n, 0);
  const baseFinal: Record<string, number> = {};
  if (s.baseline) for (const [v, series] of Object.entries(s.baseline.variables)) baseFinal[v] = series[series.length - 1] ?? 0;
  const baseMods = s.baseline ? new Map(moduleTotals(baseFinal)) : undefined;
  const top = mods.slice(0, MAX_MODULE_BARS);
  const rest = mods.slice(MAX_MODULE_BARS);
  const bars = top.map(([m, n]) => ({ label: m, value: n, baseline: baseMods ? (baseMods.get(m) ?? 0) : undefined }));
  if (rest.length) {
    const restBase = baseMods ? [...baseMods.entries()].filter(([m]) => !top.some(([t]) => t === m)).reduce((a, [, n]) => a + n, 0) : undefined;
    bars.push({ label: `${rest.length} other modules`, value: rest.reduce((a, [, n]) => a + n, 0), baseline: restBase });
  }
  return figure(
    'module shares at the final dump',
    barChart({ title: 'footprint by module at the final dump', bars, total, referenceLabel: reference }),
    `${mods.length} modules, total ${total.toLocaleString('en-US')}`,
  );
}

function timingChart(suite: SuiteDoc, s: SubjectDoc, reference: string): string | undefined {
  const figures = [
    { key: 'footprint_call', label: 'footprint call', format: formatSeconds },
    { key: 'wall', label: 'wall time', format: formatSeconds },
    { key: 'peak_rss', label: 'peak RSS', format: formatBytes },
    { key: 'rss', label: 'RSS at the end', format: formatBytes },
  ] as const;
  const rows: SpreadRow[] = [];
  for (const f of figures) {
    const sample = s.timing[f.key];
    if (!sample || sample.values.length === 0) continue;
    const maxRule = s.checks
      .map((c) => ruleFor(suite, c))
      .find((r) => r.selector.kind === 'timing' && r.selector.figure === f.key && r.measure !== 'max' && r.max !== undefined);
    rows.push({ label: f.label, values: sample.values, median: sample.median, baseline: s.baseline?.timing[f.key], limit: maxRule?.max, format: f.format });
  }
  if (rows.length === 0) return undefined;
  const n = rows[0]?.values.length ?? 0;
  return figure(
    'timing',
    spreadChart({ title: 'timing medians and spread over repeats', rows, referenceLabel: reference }),
    `${n} repeat${n === 1 ? '' : 's'}; noisy figures are compared as medians`,
  );
}

function changesTable(s: SubjectDoc, reference: string): string {
  const all = [
    ...s.changed.map((c) => ({ ...c, kind: 'changed' })),
    ...s.added.map((c) => ({ ...c, kind: 'new' })),
    ...s.vanished.map((c) => ({ ...c, kind: 'vanished' })),
  ].sort((a, b) => Math.abs(b.current - b.baseline) - Math.abs(a.current - a.baseline));
  if (all.length === 0) return s.baseline ? `<p class="muted">No variable changed against the ${reference}.</p>` : '';
  const rows = all
    .slice(0, MAX_CHANGE_ROWS)
    .map(
      (c) =>
        `<tr><td><code>${esc(c.name)}</code></td><td>${c.kind}</td><td class="num">${c.baseline}</td><td class="num">${c.current}</td><td class="num">${c.current - c.baseline >= 0 ? '+' : ''}${c.current - c.baseline}</td><td class="num">${esc(formatPercent(percentChange(c.current, c.baseline)))}</td></tr>`,
    );
  const more = all.length > MAX_CHANGE_ROWS ? `<p class="muted">… and ${all.length - MAX_CHANGE_ROWS} more (see the JSON result).</p>` : '';
  return `<details><summary>${all.length} variable${all.length === 1 ? '' : 's'} changed against the ${reference}</summary><table class="changes"><thead><tr><th>variable</th><th></th><th>${reference}</th><th>current</th><th>change</th><th>%</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}</details>`;
}

/** Each connection field's largest connection over the run, with the connection named, against the baseline's. */
function connectionsTable(s: SubjectDoc, reference: string): string {
  const fields = largestConnections(s, MAX_CHANGE_ROWS);
  if (fields.length === 0) return '';
  const base = s.baseline?.connections;
  const measured = (field: string) => s.dumps.reduce((n, d) => n + (d.connections?.[field]?.connections ?? 0), 0);
  const rows = fields.map((f) => {
    const b = base?.[f.field];
    const then = b ? (b.length ? maxOf(b) : 0) : undefined;
    return `<tr><td><code>${esc(f.field)}</code></td><td class="num">${f.max}</td><td class="num">${then === undefined ? '–' : then}</td><td class="num">${measured(f.field)}</td><td><code>${esc(f.uid)}</code></td><td>${esc(f.id)}</td><td>${f.live ? 'open (polled)' : 'at removal'}, dump ${f.dump}</td></tr>`;
  });
  return `<details><summary>Largest connection per connection field (${fields.length})</summary><table class="changes"><thead><tr><th>field</th><th>largest</th><th>${reference}</th><th>connections</th><th>uid</th><th>connection</th><th>measured</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

function scalingSection(doc: ResultDocument, suite: SuiteDoc, g: ScalingDoc, id: string): string {
  const problems = g.checks.filter((c) => c.verdict === 'fail' || c.verdict === 'warn').sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]);
  const status = problems.some((c) => c.verdict === 'fail') ? 'fail' : problems.length ? 'warn' : 'pass';
  const shown = [...problems, ...g.checks.filter((c) => c.verdict === 'pass').sort((a, b) => (b.current ?? 0) - (a.current ?? 0))]
    .slice(0, Math.max(problems.length, 3))
    .slice(0, MAX_VARIABLE_CHARTS);
  const charts = shown.map((c) =>
    figure(
      c.item,
      lineChart({
        title: `${c.item} by workload size`,
        x: g.sizes.map(String),
        xTitle: plural(g.unit),
        series: [{ label: 'final footprint', values: c.series ?? [], style: c.verdict === 'fail' ? 'fail' : 'current' }],
      }),
      c.reason,
    ),
  );
  return `<article class="subject ${status === 'pass' ? 'ok' : status}" id="${id}"><h3>${verdictBadge(status)} scaling ${esc(g.group)}</h3><p class="facts">sizes ${esc(g.sizes.join(', '))} (${esc(plural(g.unit))})</p>${problems.length ? checksTable(doc, suite, problems) : ''}<div class="charts">${charts.join('')}</div></article>`;
}

function figure(caption: string, svg: string, note: string): string {
  return `<figure>${svg}<figcaption><b>${esc(caption)}</b><br>${esc(note)}</figcaption></figure>`;
}

function diffBlock(diff: string): string {
  const lines = diff.split('\n').filter((l) => !l.startsWith('====') && !l.startsWith('Index:'));
  return `<pre class="diff">${lines.map((l) => (l.startsWith('+') && !l.startsWith('+++') ? `<ins>${esc(l)}</ins>` : l.startsWith('-') && !l.startsWith('---') ? `<del>${esc(l)}</del>` : esc(l))).join('\n')}</pre>`;
}

function verdictBadge(v: CheckDoc['verdict']): string {
  const text = { fail: 'FAIL', warn: 'WARN', pass: 'OK', unchecked: 'SKIP' }[v];
  return `<span class="badge ${v === 'pass' ? 'ok' : v}">${text}</span>`;
}

function change(c: CheckDoc): number {
  return c.baseline === undefined || c.current === null ? 0 : c.current - c.baseline;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? '';
}
