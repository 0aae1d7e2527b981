/** The plural of a workload unit (connection, query, request, port): "queries", not "querys". */
export function plural(unit: string): string {
  return /[^aeiou]y$/.test(unit) ? `${unit.slice(0, -1)}ies` : `${unit}s`;
}
