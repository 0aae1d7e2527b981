/** The plural of a workload unit (connection, query, request, port): "queries", not "querys". */
export function plural(unit: string): string {
  return /[^aeiou]y$/.test(unit) ? `${unit.slice(0, -1)}ies` : `${unit}s`;
}

/** "1 commit", "3 commits", "2 queries": a count with its noun in the right number. */
export function counted(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : plural(noun)}`;
}
