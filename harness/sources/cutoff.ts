import type { SubjectEvaluation } from '../budget/types.js';
import type { Dump } from '../measure/types.js';

/**
 * Whether the logs left small variables out (my_stats::min_var_size_to_log; the original
 * corelight/my_stats logs only footprints of at least 1024 by default). Our package's runs log says
 * so exactly (globals measured > rows logged); for the original package a dump whose smallest logged
 * footprint is above 0 is taken as cut off (Zeek always has empty containers, which log 0).
 * Returns the smallest logged footprint: absent variables were below it.
 */
export function detectCutoff(dumps: Dump[]): number | undefined {
  const withInfo = dumps.filter((d) => d.unlogged !== undefined);
  const cut = withInfo.length > 0 ? withInfo.some((d) => (d.unlogged ?? 0) > 0) : undefined;
  let smallest = Infinity;
  for (const d of dumps) for (const size of d.footprints.values()) if (size < smallest) smallest = size;
  if (cut === false || smallest === Infinity) return undefined;
  if (cut === undefined && smallest === 0) return undefined;
  return smallest;
}

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
    warnings.push(`below the logging cutoff now (not logged; the logs only hold footprints of at least about ${cutoff}, my_stats::min_var_size_to_log): ${list(e.vanished.map((v) => `${v.name} (was ${v.baseline})`))}`);
  }
  if (e.added.length) {
    warnings.push(`above the logging cutoff now (new, or grown past my_stats::min_var_size_to_log since the baseline): ${list(e.added.map((v) => `${v.name} (${v.current})`))}`);
  }
  return { ...e, added: [], vanished: [], warnings };
}
