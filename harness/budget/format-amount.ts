import type { Selector } from '../suite/types.js';
import { formatBytes } from '../util/parse-bytes.js';

/** Footprints are counts of values, never bytes; timing figures carry their own units. */
export function formatAmount(selector: Selector, v: number): string {
  if (selector.kind !== 'timing') return String(v);
  if (selector.figure === 'peak_rss') return formatBytes(v);
  return formatSeconds(v);
}

export function formatSeconds(s: number): string {
  if (s < 1) return `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`;
  return `${s.toFixed(2)} s`;
}
