import type { SubjectEvaluation } from './types.js';

/**
 * With a cutoff, a variable absent now may only have shrunk below it, and one absent from the
 * baseline may only have grown past it: neither is "vanished" nor "new". They are listed as such.
 */
export function reconcileCutoff(e: SubjectEvaluation): SubjectEvaluation {
  const cutoff = e.subject.cutoff;
  if (cutoff === undefined || (e.added.length === 0 && e.vanished.length === 0)) return e;
  const list = (items: string[]) => (items.length > 8 ? `${items.slice(0, 8).join(', ')}, ... (${items.length} in all)` : items.join(', '));
  const warnings = [...e.warnings];
  if (e.vanished.length) {
    warnings.push(
      `below the logging cutoff now (not logged; the logs only hold footprints of at least about ${cutoff}, my_stats::min_var_size_to_log): ${list(e.vanished.map((v) => `${v.name} (was ${v.baseline})`))}`,
    );
  }
  if (e.added.length) {
    warnings.push(
      `above the logging cutoff now (new, or grown past my_stats::min_var_size_to_log since the baseline): ${list(e.added.map((v) => `${v.name} (${v.current})`))}`,
    );
  }
  return { ...e, added: [], vanished: [], warnings };
}
