import type { UpdateMode } from '../baseline/update-baseline.js';
import { ConfigError } from '../errors.js';

/** `--update` (all), `--update=new`, or absent. */
export function updateMode(flag: boolean | string | undefined): UpdateMode | undefined {
  if (flag === undefined || flag === false) return undefined;
  if (flag === true || flag === 'all') return 'all';
  if (flag === 'new') return 'new';
  throw new ConfigError(`--update takes no value, or "new" (only add missing entries); got "${flag}"`);
}
