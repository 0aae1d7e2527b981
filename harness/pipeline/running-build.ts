import type { ZeekInstallation } from '../runner/find-zeek.js';
import { flavourOf, zeekSeries, type ZeekBuild } from '../baseline/zeek-build.js';

/** What baselines record as the Zeek version when the logs do not tell it. */
export const UNKNOWN_ZEEK_VERSION = 'unknown';

/** The build a run's baseline belongs to; undefined when the Zeek is not known (logs). */
export function runningBuild(zeek: ZeekInstallation | undefined): ZeekBuild | undefined {
  if (!zeek || zeekSeries(zeek.version) === undefined) return undefined;
  return { version: zeek.version, flavour: flavourOf(zeek.spicy) };
}
