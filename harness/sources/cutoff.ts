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
