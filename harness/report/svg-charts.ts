/**
 * Small inline-SVG charts for the HTML report: no script, no fonts or files to fetch, so the report
 * reads the same offline, in a CI artifact viewer or attached to a ticket. Colours come from CSS
 * classes (`series-current`, ...) that the page's stylesheet defines, light and dark.
 */
import { maxOf, minOf } from '../util/stats.js';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

/** Round numbers for an axis from lo to hi: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, maxTicks = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0];
  // Spans below a billionth of the values are one value to the eye (and to floating point).
  if (hi - lo <= 1e-9 * Math.max(1, Math.abs(hi), Math.abs(lo))) hi = lo;
  if (hi === lo) return lo === 0 ? [0, 1] : [Math.min(0, lo), Math.max(0, hi)].filter((v, i, a) => a.indexOf(v) === i);
  const raw = (hi - lo) / Math.max(1, maxTicks - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  // Rounding (or an underflow next to 0) may leave the data just outside the ends.
  while ((ticks[0] ?? lo) > lo) ticks.unshift(Number(((ticks[0] ?? 0) - step).toPrecision(12)));
  while ((ticks[ticks.length - 1] ?? hi) < hi) ticks.push(Number(((ticks[ticks.length - 1] ?? 0) + step).toPrecision(12)));
  return ticks;
}

/** 61466 -> 61.5k: short labels for footprint axes. */
export function compactNumber(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${trim(v / 1e9)}G`;
  if (abs >= 1e6) return `${trim(v / 1e6)}M`;
  if (abs >= 1e4) return `${trim(v / 1e3)}k`;
  return Number.isInteger(v) ? String(v) : trim(v);
}

function trim(v: number): string {
  return v.toFixed(Math.abs(v) >= 100 ? 0 : 1).replace(/\.0$/, '');
}

export interface LineSeries {
  label: string;
  values: number[];
  /** CSS class suffix: `current`, `baseline`, `fail`. */
  style: 'current' | 'baseline' | 'fail';
}

export interface LineChartOptions {
  title: string;
  /** Labels of the x positions (dumps, or workload sizes). */
  x: string[];
  xTitle: string;
  series: LineSeries[];
  /** A horizontal limit line, e.g. the rule's `max`. */
  limit?: { value: number; label: string };
  /** What hovering each x position tells (e.g. a commit's hash and subject); default `xTitle x`. */
  pointTitles?: string[];
  format?: (v: number) => string;
  /** Start the y axis at 0 (default). Off for big totals, where a 1% change would be a flat line. */
  zeroBased?: boolean;
  width?: number;
  height?: number;
}

const PAD = { left: 52, right: 12, top: 30, bottom: 34 };

/** A line chart of a few series over the same x positions, with a legend and point tooltips. */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 380;
  const height = o.height ?? 200;
  const fmt = o.format ?? compactNumber;
  const all = [...o.series.flatMap((s) => s.values), ...(o.limit ? [o.limit.value] : [])].filter(Number.isFinite);
  const zero = o.zeroBased ?? true;
  const lo = zero ? Math.min(0, minOf(all)) : minOf(all);
  const hi = zero ? Math.max(1, maxOf(all)) : maxOf(all);
  const pad = zero ? 0 : Math.max((hi - lo) * 0.1, Math.abs(hi) * 0.001, 1);
  const ticks = niceTicks(lo - (zero ? 0 : pad), hi + pad);
  const yLo = ticks[0] ?? 0;
  const yHi = ticks[ticks.length - 1] ?? 1;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const n = Math.max(1, ...o.series.map((s) => s.values.length), o.x.length);
  const xAt = (i: number) => PAD.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const yAt = (v: number) => PAD.top + plotH - ((v - yLo) / (yHi - yLo || 1)) * plotH;
  const parts: string[] = [];
  for (const t of ticks) {
    const y = yAt(t).toFixed(1);
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${width - PAD.right}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="tick" x="${PAD.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(fmt(t))}</text>`);
  }
  const every = Math.ceil(n / 8);
  for (let i = 0; i < n; i++) {
    if (i % every !== 0 && i !== n - 1) continue;
    const label = o.x[i] ?? String(i + 1);
    // A label wider than the right margin (a commit hash) ends at its point instead of leaving the chart.
    const anchor = n > 1 && i === n - 1 && label.length * 3.2 > PAD.right ? 'end' : 'middle';
    parts.push(`<text class="tick" x="${xAt(i).toFixed(1)}" y="${height - PAD.bottom + 14}" text-anchor="${anchor}">${escapeXml(label)}</text>`);
  }
  parts.push(`<text class="axis-title" x="${PAD.left + plotW / 2}" y="${height - 4}" text-anchor="middle">${escapeXml(o.xTitle)}</text>`);
  if (o.limit) {
    const y = yAt(o.limit.value).toFixed(1);
    parts.push(`<line class="limit" x1="${PAD.left}" x2="${width - PAD.right}" y1="${y}" y2="${y}"><title>${escapeXml(o.limit.label)}</title></line>`);
  }
  for (const s of o.series) {
    if (s.values.length === 0) continue;
    const pts = s.values.map((v, i) => `${xAt(i).toFixed(1)},${yAt(v).toFixed(1)}`);
    parts.push(`<polyline class="line series-${s.style}" points="${pts.join(' ')}"/>`);
    s.values.forEach((v, i) => {
      const at = o.pointTitles?.[i];
      const title = at === undefined ? `${s.label}, ${o.xTitle} ${o.x[i] ?? i + 1}: ${fmt(v)}` : `${at}: ${s.label} ${fmt(v)}`;
      parts.push(`<circle class="dot series-${s.style}" cx="${xAt(i).toFixed(1)}" cy="${yAt(v).toFixed(1)}" r="3"><title>${escapeXml(title)}</title></circle>`);
    });
  }
  parts.push(
    legend([...o.series.map((s) => ({ label: s.label, style: `series-${s.style}` })), ...(o.limit ? [{ label: o.limit.label, style: 'limit' }] : [])], width),
  );
  return svg(width, height, o.title, parts);
}

function legend(items: Array<{ label: string; style: string }>, width: number): string {
  let x = PAD.left;
  const out: string[] = [];
  for (const it of items) {
    out.push(`<line class="legend-swatch ${it.style}" x1="${x}" x2="${x + 16}" y1="12" y2="12"/>`);
    out.push(`<text class="legend" x="${x + 20}" y="12" dominant-baseline="middle">${escapeXml(it.label)}</text>`);
    x += 28 + Math.ceil(it.label.length * 6.2);
    if (x > width - 40) break;
  }
  return out.join('');
}

export interface Bar {
  label: string;
  value: number;
  /** The same figure in the baseline, drawn as a marker. */
  baseline?: number;
}

/** Horizontal bars, e.g. each module's share of the total footprint. */
export function barChart(o: { title: string; bars: Bar[]; total: number; width?: number; format?: (v: number) => string; referenceLabel?: string }): string {
  const ref = o.referenceLabel ?? 'baseline';
  const width = o.width ?? 380;
  const row = 22;
  const height = 26 + o.bars.length * row + 8;
  const labelW = 118;
  const valueW = 86;
  const plotW = width - labelW - valueW - 8;
  const max = Math.max(1, ...o.bars.flatMap((b) => [b.value, b.baseline ?? 0]));
  const fmt = o.format ?? compactNumber;
  const parts: string[] = [];
  parts.push(
    legend(
      [{ label: 'current', style: 'series-current' }, ...(o.bars.some((b) => b.baseline !== undefined) ? [{ label: ref, style: 'series-baseline' }] : [])],
      width,
    ),
  );
  o.bars.forEach((b, i) => {
    const y = 26 + i * row;
    const w = (b.value / max) * plotW;
    const share = o.total > 0 ? `${((b.value / o.total) * 100).toFixed(1)}%` : '';
    parts.push(
      `<text class="bar-label" x="${labelW - 6}" y="${y + row / 2 - 2}" text-anchor="end" dominant-baseline="middle">${escapeXml(clip(b.label, 18))}<title>${escapeXml(b.label)}</title></text>`,
    );
    parts.push(
      `<rect class="bar" x="${labelW}" y="${y + 2}" width="${Math.max(1, w).toFixed(1)}" height="${row - 8}"><title>${escapeXml(`${b.label}: ${fmt(b.value)}${share ? ` (${share})` : ''}${b.baseline !== undefined ? `, ${ref} ${fmt(b.baseline)}` : ''}`)}</title></rect>`,
    );
    if (b.baseline !== undefined) {
      const bx = (labelW + (b.baseline / max) * plotW).toFixed(1);
      parts.push(`<line class="marker series-baseline" x1="${bx}" x2="${bx}" y1="${y}" y2="${y + row - 4}"/>`);
    }
    parts.push(
      `<text class="tick" x="${labelW + plotW + 6}" y="${y + row / 2 - 2}" dominant-baseline="middle">${escapeXml(`${fmt(b.value)} ${share}`)}</text>`,
    );
  });
  return svg(width, height, o.title, parts);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export interface SpreadRow {
  label: string;
  values: number[];
  median: number;
  baseline?: number;
  limit?: number;
  format: (v: number) => string;
}

/**
 * One figure per row, on an axis from 0 so distances are honest: every repeat as a dot, the median
 * as a tick, the baseline and the limit as lines (a limit far beyond the values is named, not drawn).
 */
export function spreadChart(o: { title: string; rows: SpreadRow[]; width?: number; referenceLabel?: string }): string {
  const ref = o.referenceLabel ?? 'baseline';
  const width = o.width ?? 380;
  const row = 56;
  const height = 28 + o.rows.length * row;
  const left = 12;
  const right = 16;
  const plotW = width - left - right;
  const parts: string[] = [
    legend(
      [
        { label: 'repeats', style: 'series-current' },
        { label: 'median', style: 'median' },
        ...(o.rows.some((r) => r.baseline !== undefined) ? [{ label: ref, style: 'series-baseline' }] : []),
        ...(o.rows.some((r) => r.limit !== undefined) ? [{ label: 'max', style: 'limit' }] : []),
      ],
      width,
    ),
  ];
  o.rows.forEach((r, i) => {
    const y = 28 + i * row;
    const top = Math.max(...r.values, r.baseline ?? 0, r.median);
    const showLimit = r.limit !== undefined && r.limit <= top * 2;
    const hi = Math.max(top, showLimit ? (r.limit ?? 0) : 0) * 1.08 || 1;
    const xAt = (v: number) => (left + (Math.max(0, v) / hi) * plotW).toFixed(1);
    const cy = y + 26;
    const min = Math.min(...r.values);
    const max = Math.max(...r.values);
    const spread =
      r.values.length > 1 ? (min === max ? ` (all ${r.values.length} equal)` : ` (${r.format(min)}–${r.format(max)}, ${r.values.length} runs)`) : '';
    const refs = [r.baseline !== undefined ? `${ref} ${r.format(r.baseline)}` : '', r.limit !== undefined ? `max ${r.format(r.limit)}` : ''].filter(Boolean);
    parts.push(`<text class="bar-label" x="${left}" y="${y + 6}" dominant-baseline="middle">${escapeXml(`${r.label}: ${r.format(r.median)}${spread}`)}</text>`);
    parts.push(`<line class="grid" x1="${left}" x2="${width - right}" y1="${cy}" y2="${cy}"/>`);
    parts.push(`<text class="tick" x="${left}" y="${cy + 21}" text-anchor="start">0</text>`);
    if (refs.length) parts.push(`<text class="tick" x="${left + plotW / 2}" y="${cy + 21}" text-anchor="middle">${escapeXml(refs.join(' · '))}</text>`);
    parts.push(`<text class="tick" x="${width - right}" y="${cy + 21}" text-anchor="end">${escapeXml(r.format(hi))}</text>`);
    if (r.limit !== undefined && showLimit)
      parts.push(
        `<line class="limit" x1="${xAt(r.limit)}" x2="${xAt(r.limit)}" y1="${cy - 9}" y2="${cy + 9}"><title>${escapeXml(`max ${r.format(r.limit)}`)}</title></line>`,
      );
    if (r.baseline !== undefined)
      parts.push(
        `<line class="marker series-baseline" x1="${xAt(r.baseline)}" x2="${xAt(r.baseline)}" y1="${cy - 9}" y2="${cy + 9}"><title>${escapeXml(`${ref} ${r.format(r.baseline)}`)}</title></line>`,
      );
    for (const v of r.values)
      parts.push(`<circle class="dot series-current" cx="${xAt(v)}" cy="${cy}" r="4"><title>${escapeXml(r.format(v))}</title></circle>`);
    parts.push(
      `<line class="median" x1="${xAt(r.median)}" x2="${xAt(r.median)}" y1="${cy - 8}" y2="${cy + 8}"><title>${escapeXml(`median ${r.format(r.median)}`)}</title></line>`,
    );
  });
  return svg(width, height, o.title, parts);
}

function svg(width: number, height: number, title: string, parts: string[]): string {
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title>${parts.join('')}</svg>`;
}
