import { InvalidArgumentError } from 'commander';

/** Commander argument parser for counts (--jobs, --repeat, --limit). */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
}
