/** The package's module_name: the part before the first `::`, or GLOBAL (as corelight/my_stats does). */
export function moduleOf(variable: string): string {
  const i = variable.indexOf('::');
  return i > 0 ? variable.slice(0, i) : 'GLOBAL';
}
