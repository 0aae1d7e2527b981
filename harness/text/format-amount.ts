import { formatBytes } from '../util/parse-bytes.js';

/** What formatAmount needs of a rule's selector (structural, so text/ stays below suite/). */
export interface AmountKind {
  kind: string;
  figure?: string;
}

/** Footprints are counts of values, never bytes; timing figures carry their own units. */
export function formatAmount(selector: AmountKind, v: number): string {
  if (selector.kind !== 'timing') return String(v);
  if (selector.figure === 'peak_rss' || selector.figure === 'rss') return formatBytes(v);
  return formatSeconds(v);
}

export function formatSeconds(s: number): string {
  if (s < 1) return `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`;
  return `${s.toFixed(2)} s`;
}

export function percentChange(current: number, baseline: number): number {
  if (baseline === 0) return current === 0 ? 0 : current > 0 ? Infinity : -Infinity;
  return ((current - baseline) / baseline) * 100;
}

export function formatPercent(pct: number): string {
  if (!Number.isFinite(pct)) return pct > 0 ? 'new' : 'gone';
  const abs = Math.abs(pct);
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(abs < 1 ? 2 : abs < 10 ? 1 : 0)}%`;
}
