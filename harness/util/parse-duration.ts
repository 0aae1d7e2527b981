/**
 * Durations as users write them in suites and on the command line: plain seconds (`30`), short units
 * (`500ms`, `10s`, `5m`, `2h`, `1d`), Zeek's interval spelling (`10 secs`, `5 mins`, `2 hrs`), and
 * compounds (`1m30s`, `1 hr 30 mins`). All results are in seconds.
 */

const UNIT_SECONDS: ReadonlyMap<string, number> = new Map(
  (
    [
      [1e-6, ['us', 'µs', 'usec', 'usecs', 'microsecond', 'microseconds']],
      [1e-3, ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds']],
      [1, ['s', 'sec', 'secs', 'second', 'seconds']],
      [60, ['m', 'min', 'mins', 'minute', 'minutes']],
      [3600, ['h', 'hr', 'hrs', 'hour', 'hours']],
      [86400, ['d', 'day', 'days']],
    ] as const
  ).flatMap(([factor, names]) => names.map((n) => [n, factor] as const)),
);

const EXAMPLES = "e.g. 30, '500ms', '10s', '10 secs', '5min', '2h', '1d' or '1m30s'";
const PART = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zµ]+)\s*/i;
const BARE_NUMBER = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*$/;

/**
 * Parses a duration into seconds. Throws a plain Error naming the bad text and the accepted forms;
 * callers that know the file and line wrap it into a ConfigError.
 */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) {
      throw new Error(`invalid duration ${String(text)}: must be a finite number of seconds >= 0 (${EXAMPLES})`);
    }
    return text;
  }
  if (typeof text !== 'string') {
    throw new Error(`invalid duration ${JSON.stringify(text)}: expected a number of seconds or a string (${EXAMPLES})`);
  }
  const bare = BARE_NUMBER.exec(text);
  if (bare) return Number(bare[1]);

  let rest = text;
  let total = 0;
  let parts = 0;
  while (rest.trim() !== '') {
    const m = PART.exec(rest);
    if (!m) break;
    const unit = (m[2] ?? '').toLowerCase();
    const factor = UNIT_SECONDS.get(unit);
    if (factor === undefined) {
      throw new Error(
        `invalid duration ${JSON.stringify(text)}: unknown unit ${JSON.stringify(m[2])}` +
          ` (use us, ms, s, m, h or d, or Zeek's usecs/msecs/secs/mins/hrs/days; ${EXAMPLES})`,
      );
    }
    total += Number(m[1]) * factor;
    parts++;
    rest = rest.slice(m[0].length);
  }
  if (parts === 0 || rest.trim() !== '') {
    const why = text.trim().startsWith('-') ? 'a duration cannot be negative' : 'expected a number followed by a unit';
    throw new Error(`invalid duration ${JSON.stringify(text)}: ${why} (${EXAMPLES})`);
  }
  // Sub-microsecond noise from adding ms and s parts (0.1 + 0.2) would make '1m0.3s' != 60.3.
  return Math.round(total * 1e9) / 1e9;
}

/**
 * Formats seconds compactly so that parseDuration reads it back: `500ms`, `7.25s`, `1m30s`, `2h`, `1d2h`.
 * Seconds keep at most 3 decimals, sub-second values at most 3 decimals of their unit.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds === 0) return '0s';
  if (seconds < 1e-3) return `${trimNumber(seconds * 1e6)}us`;
  if (seconds < 1) {
    const ms = trimNumber(seconds * 1e3);
    // 0.9999999 s rounds to "1000ms"; say "1s" instead.
    return ms === '1000' ? '1s' : `${ms}ms`;
  }
  const rounded = Math.round(seconds * 1000) / 1000;
  let rest = rounded;
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  rest = Math.round((rest - minutes * 60) * 1000) / 1000;
  let out = '';
  if (days) out += `${days}d`;
  if (hours) out += `${hours}h`;
  if (minutes) out += `${minutes}m`;
  if (rest || out === '') out += `${trimNumber(rest)}s`;
  return out;
}

function trimNumber(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
