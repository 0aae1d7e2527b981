import { matchLogName, type FoundLog } from '../zeek-log/find-logs.js';
import { readLogHead } from '../zeek-log/log-head.js';
import { basename } from 'node:path';

/** The archived files of one rotation (every logger's, every log of the package). */
export interface ArchiveGroup {
  /** `YYYY-MM-DD HH:MM:SS`, local time: the rotation's open time from the names, else the files' `#open`. */
  key: string;
  /** The earliest `#open` of its files (undefined when none has one, e.g. JSON). */
  opened?: string;
  files: Array<{ found: FoundLog; log: string }>;
}

export interface OrderedArchives {
  /** Oldest first. */
  groups: ArchiveGroup[];
  /** Set when the names and the files' #open disagree about the order: then #open decides. */
  note?: string;
}

/**
 * Groups archives into rotations and orders them in time: by the time in the archive names
 * (zeekctl `logs/DATE/my_stats.HH:MM:SS-HH:MM:SS[-logger-N].log.gz`, Zeek's
 * `my_stats.YYYY-MM-DD-HH-MM-SS.log`), checked against each file's `#open` header (read from the
 * file's first bytes only): where they disagree (a renamed or copied archive) the headers win.
 */
export async function orderArchives(files: Array<{ found: FoundLog; log: string }>): Promise<OrderedArchives> {
  const byKey = new Map<string, ArchiveGroup>();
  const heads = await mapLimited(files, HEAD_READS_AT_ONCE, (f) => readLogHead(f.found.file).catch(() => undefined));
  for (const [i, f] of files.entries()) {
    const head = heads[i];
    const named = nameKey(f.found, f.log);
    const key = named ?? head?.opened ?? `~${f.found.file}`;
    let g = byKey.get(key);
    if (g === undefined) {
      g = { key, files: [] };
      byKey.set(key, g);
    }
    g.files.push(f);
    if (head?.opened !== undefined && (g.opened === undefined || head.opened < g.opened)) g.opened = head.opened;
  }
  const groups = [...byKey.values()].sort((a, b) => compare(a.key, b.key));
  const withOpen = groups.filter((g) => g.opened !== undefined);
  const disagree = withOpen.some((g, i) => i > 0 && (g.opened as string) < (withOpen[i - 1]?.opened as string));
  if (!disagree) return { groups };
  groups.sort((a, b) => compare(a.opened ?? a.key, b.opened ?? b.key));
  return { groups, note: 'the archive names and their #open headers disagree about the order: ordered by #open' };
}

/** The rotation time a name gives, `YYYY-MM-DD HH:MM:SS`; undefined when the name carries none. */
export function nameKey(found: FoundLog, log: string): string | undefined {
  const m = matchLogName(basename(found.file), log);
  const start = m?.start;
  if (start === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}-/.test(start)) return `${start.slice(0, 10)} ${start.slice(11).replace(/-/g, ':')}`;
  return found.date === undefined ? undefined : `${found.date} ${start}`;
}

/** Heads are tiny reads: many at once keep the disk (or the page cache) busy instead of waiting on each. */
const HEAD_READS_AT_ONCE = 32;

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
