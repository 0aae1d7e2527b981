import { parseDuration } from './parse-duration.js';

const EXAMPLES = "a Unix time (1795358712), a date and time ('2026-11-22 14:45', '2026-11-22T14:45:00Z') or a duration before now ('2h', '30m')";
const EPOCH = /^\s*\d+(?:\.\d+)?\s*$/;
/** ISO-like local or zoned time; also Zeek's own `#open` spelling 2026-11-22-14-45-13. */
const DATE_TIME = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T-](\d{2})[:-](\d{2})(?:[:-](\d{2}(?:\.\d+)?))?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/;

/**
 * A point in time as a suite or the command line gives it (`since`, `until`), in seconds since the
 * epoch like my_stats' `ts`. Dates without a zone are local time, as zeekctl names its archives.
 * Throws a plain Error naming the accepted forms.
 */
export function parseTimePoint(value: string | number, now: number = Date.now() / 1000): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new Error(`invalid time ${value}: expected ${EXAMPLES}`);
    return value;
  }
  if (EPOCH.test(value)) return Number(value);
  const date = DATE_TIME.exec(value);
  if (date) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = date;
    const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone ? normalizeZone(zone) : ''}`;
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  try {
    return now - parseDuration(value);
  } catch {
    throw new Error(`invalid time ${JSON.stringify(value)}: expected ${EXAMPLES}`);
  }
}

function normalizeZone(zone: string): string {
  if (zone === 'Z') return 'Z';
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}
