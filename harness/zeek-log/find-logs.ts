import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EnvironmentError } from '../errors.js';

export interface FoundLog {
  file: string;
  /** plain: a log in a plain directory or named directly; live: a spool (current) log; archive: rotated. */
  kind: 'plain' | 'live' | 'archive';
  /** YYYY-MM-DD of the archive folder (archives only). */
  date?: string;
  /**
   * When the file was rotated, `YYYY-MM-DD HH:MM:SS` (local time, as the name says; the open time
   * for Zeek's own rotation names, which carry no close time). Every logger rotates at the same
   * moment, so the files of one rotation (`-logger-1`, `-logger-2`, and the other logs of the
   * package) share it: readers take them together to merge one dump's rows across loggers.
   */
  rotatedAt?: string;
}

export interface FoundLogs {
  logs: FoundLog[];
  /** Things the user should know, e.g. zeekctl still archiving after a stop. */
  warnings: string[];
}

const DATE_DIR = /^\d{4}-\d{2}-\d{2}$/;

/** A found file plus its sort key within a rotation (the archive's open time), and whether the file itself is a symlink. */
type Candidate = FoundLog & { start: string; link?: boolean };

/**
 * Where Zeek 8.1's zeek-systemd-generator (zeek.conf) keeps logs under its prefix: live logs in
 * `var/spool/zeek/<node>/`, archives in `var/log/zeek/<date>/` (the documentation also shows
 * `var/logs/zeek`; both are read).
 */
export const SYSTEMD_SPOOL = ['var', 'spool', 'zeek'];
export const SYSTEMD_ARCHIVES = [
  ['var', 'log', 'zeek'],
  ['var', 'logs', 'zeek'],
];

/**
 * Finds the files of one log (`my_stats`) under a target: the file itself; a plain log directory;
 * a zeekctl prefix (`logs/` and `spool/`); a zeek-systemd-generator prefix (`var/spool/zeek/`,
 * `var/log/zeek/` or `var/logs/zeek/`); a `logs/` tree with dated archive folders; `logs/current`,
 * a spool or a spool node directory, with every logger's files. Archives come first, oldest
 * rotation first (the loggers' files of one rotation side by side), live logs last; a file
 * reachable twice (logs/current is a symlink to the logger's spool) is listed once.
 */
export async function findLogs(target: string, logPath: string): Promise<FoundLog[]> {
  return (await findLogsWithWarnings(target, logPath)).logs;
}

export async function findLogsWithWarnings(target: string, logPath: string): Promise<FoundLogs> {
  let st;
  try {
    st = await stat(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new EnvironmentError(code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${(e as Error).message}`, { file: target });
  }
  const warnings: string[] = [];
  if (!st.isDirectory()) return { logs: [describeLogFile(target, logPath)], warnings };

  const found: Candidate[] = [];
  const searched: string[] = [];
  await searchDirectory(target, logPath, found, searched, warnings);
  const logs = await dedupe(sortChronologically(found));
  if (logs.length === 0) {
    throw new EnvironmentError(
      `no ${logPath} log found; searched ${searched.join(', ')} for ${logPath}.log, ${logPath}.log.gz and ` +
        `archives (YYYY-MM-DD/${logPath}.HH:MM:SS-HH:MM:SS[-logger-N].log.gz). Is the package loaded (@load ... in local.zeek) ` +
        `and did Zeek run long enough to write it?`,
      { file: target },
    );
  }
  return { logs, warnings };
}

async function searchDirectory(dir: string, logPath: string, found: Candidate[], searched: string[], warnings: string[]): Promise<void> {
  const entries = await listDir(dir);
  const subdirs = new Set(entries.filter((e) => e.isDir).map((e) => e.name));
  const fileEntries = entries.filter((e) => !e.isDir);
  const files = fileEntries.map((e) => e.name);
  const systemdSpool = join(dir, ...SYSTEMD_SPOOL);
  const systemdArchives = SYSTEMD_ARCHIVES.map((parts) => join(dir, ...parts));
  const systemd = subdirs.has('var') ? await existingDirs([systemdSpool, ...systemdArchives]) : [];
  if (subdirs.has('logs') || subdirs.has('spool') || systemd.length > 0) {
    // An install prefix. zeekctl: archives under logs/, live logs under spool/<logger or manager>/.
    // zeek-systemd-generator: the same under var/log/zeek/ (or var/logs/zeek/) and var/spool/zeek/.
    searched.push(dir);
    collectLogFiles(dir, fileEntries, logPath, 'plain', undefined, found);
    if (subdirs.has('logs')) await searchLogsTree(join(dir, 'logs'), logPath, found, searched);
    if (subdirs.has('spool')) await searchSpool(join(dir, 'spool'), logPath, found, searched, warnings);
    for (const d of systemd) {
      if (d === systemdSpool) await searchSpool(d, logPath, found, searched, warnings);
      else await searchLogsTree(d, logPath, found, searched);
    }
    return;
  }
  if (subdirs.has('current') || [...subdirs].some((d) => DATE_DIR.test(d))) {
    await searchLogsTree(dir, logPath, found, searched);
    return;
  }
  searched.push(dir);
  collectLogFiles(dir, fileEntries, logPath, isSpoolNode(files) ? 'live' : 'plain', undefined, found);
  if (found.length === 0 && subdirs.size > 0) await searchSpool(dir, logPath, found, searched, warnings);
}

/** zeekctl `logs/`: dated archive folders plus `current`. */
async function searchLogsTree(logsDir: string, logPath: string, found: Candidate[], searched: string[]): Promise<void> {
  searched.push(logsDir);
  const top = await listDir(logsDir);
  // The dated folders are listed at once: a 30-day tree has 30 of them, each a directory read.
  const subs = await Promise.all(
    top.map(async (e) => {
      const dated = DATE_DIR.test(e.name) && e.isDir;
      if (!dated && !(e.name === 'current' && e.isDir)) return undefined;
      const sub = join(logsDir, e.name);
      return { sub, dated, name: e.name, entries: await listDir(sub) };
    }),
  );
  for (const s of subs) {
    if (s !== undefined) collectLogFiles(s.sub, s.entries, logPath, s.dated ? 'archive' : 'live', s.dated ? s.name : undefined, found);
  }
  collectLogFiles(logsDir, top, logPath, 'plain', undefined, found);
}

/** A spool: one working directory per node (every logger's holds live logs), tmp/, and rotated files awaiting an archiver. */
async function searchSpool(spool: string, logPath: string, found: Candidate[], searched: string[], warnings: string[]): Promise<void> {
  searched.push(spool);
  for (const e of await listDir(spool)) {
    if (!e.isDir) continue;
    if (e.name === 'tmp') {
      await warnArchiving(join(spool, 'tmp'), logPath, warnings);
      continue;
    }
    if (e.name.startsWith('installed-scripts')) continue;
    const sub = join(spool, e.name);
    const entries = await listDir(sub);
    collectLogFiles(
      sub,
      entries.filter((x) => !x.isDir),
      logPath,
      'live',
      undefined,
      found,
    );
    // Rotated logs waiting for zeek-archiver (a supervised logger's log-queue/), named path__open__close__meta__.log.
    if (entries.some((x) => x.isDir && x.name === LOG_QUEUE)) {
      const queue = join(sub, LOG_QUEUE);
      collectLogFiles(queue, await listDir(queue), logPath, 'archive', undefined, found);
    }
  }
}

const LOG_QUEUE = 'log-queue';

/** After `zeekctl stop`, post-terminate archives in the background: its logs are not in logs/ yet. */
async function warnArchiving(tmp: string, logPath: string, warnings: string[]): Promise<void> {
  for (const e of await listDir(tmp)) {
    if (!e.isDir || !e.name.startsWith('post-terminate-')) continue;
    const files = (await listDir(join(tmp, e.name))).map((x) => x.name);
    if (files.includes(`${logPath}.log`) || files.some((f) => f.startsWith('.archive-log.running'))) {
      warnings.push(
        `${join(tmp, e.name)}: zeekctl is still archiving after a stop (post-terminate running); ` +
          `${logPath} archives may be incomplete: wait until spool/tmp/post-terminate-* is gone and run again`,
      );
    }
  }
}

function isSpoolNode(files: string[]): boolean {
  // zeekctl's node working directories hold these bookkeeping files.
  return files.some((f) => f === '.pid' || f === '.startup' || f === '.status' || f === '.cmdline');
}

/**
 * Files of exactly this log: `my_stats.log`, `my_stats.log.gz`, rotated `my_stats.HH:MM:SS-HH:MM:SS.log[.gz]`
 * (with a `-logger-N` suffix when several loggers archive) and Zeek's own rotation name
 * `my_stats.YYYY-MM-DD-HH-MM-SS.log`. `my_stats_runs.log` is another log and never matches.
 */
function collectLogFiles(dir: string, entries: DirEntry[], logPath: string, kind: FoundLog['kind'], date: string | undefined, found: Candidate[]): void {
  for (const e of entries) {
    if (e.isDir) continue;
    const m = matchLogName(e.name, logPath);
    if (m === null) continue;
    const c = candidate(join(dir, e.name), kind === 'archive' || m.rotated ? 'archive' : kind, date, m);
    if (e.isLink) c.link = true;
    found.push(c);
  }
}

/** A file named directly: an archive when its name says so (its folder's name is then its date). */
export function describeLogFile(file: string, logPath: string): FoundLog {
  const m = matchLogName(basename(file), logPath);
  if (m === null || !m.rotated) return { file, kind: 'plain' };
  const folder = basename(dirname(file));
  const { start: _start, ...found } = candidate(file, 'archive', DATE_DIR.test(folder) ? folder : undefined, m);
  return found;
}

function candidate(file: string, kind: FoundLog['kind'], date: string | undefined, m: NameMatch): Candidate {
  const c: Candidate = { file, kind, start: m.start ?? '' };
  if (date) c.date = date;
  const rotatedAt = rotationTime(m, date);
  if (rotatedAt) c.rotatedAt = rotatedAt;
  return c;
}

export interface NameMatch {
  rotated: boolean;
  /** The rotated file's open time as written in its name (HH:MM:SS, or a full date and time). */
  start?: string;
  /** Its close time (HH:MM:SS for zeekctl's names, a full date and time for a log queue's). */
  end?: string;
  /** What tells several loggers' files apart: `logger-2` of `-logger-2.log.gz`, or a queue name's log_suffix. */
  suffix?: string;
}

const ZEEKCTL_NAME = /^(\d{2}:\d{2}:\d{2})-(\d{2}:\d{2}:\d{2})(?:-([^.]+))?\.log(?:\.gz)?$/;
const ZEEK_ROTATION_NAME = /^(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})\.log(?:\.gz)?$/;
// zeek-archiver's input: path__open__close__[key=value,...]__.log (Log::default_rotation_dir log-queue).
const QUEUE_NAME = /^(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})__(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})__(.*)__\.log(?:\.gz)?$/;

/**
 * Files of exactly this log: `my_stats.log`, `my_stats.log.gz`, zeekctl's and zeek-archiver's
 * archives `my_stats.HH:MM:SS-HH:MM:SS.log.gz` (with a `-logger-N` suffix when several loggers
 * archive), Zeek's own rotation name `my_stats.YYYY-MM-DD-HH-MM-SS.log`, and a log queue's
 * `my_stats__OPEN__CLOSE__log_suffix=logger-1__.log`. `my_stats_runs.log` is another log and never matches.
 */
export function matchLogName(name: string, logPath: string): NameMatch | null {
  if (name.startsWith(`${logPath}__`)) {
    const q = QUEUE_NAME.exec(name.slice(logPath.length + 2));
    if (!q) return null;
    const suffix = /(?:^|,)log_suffix=([^,]+)/.exec(q[3] ?? '')?.[1];
    return { rotated: true, start: q[1], end: q[2], ...(suffix ? { suffix } : {}) };
  }
  if (!name.startsWith(`${logPath}.`)) return null;
  const rest = name.slice(logPath.length + 1);
  if (rest === 'log' || rest === 'log.gz') return { rotated: false };
  const z = ZEEKCTL_NAME.exec(rest);
  if (z) return { rotated: true, start: z[1], end: z[2], ...(z[3] ? { suffix: z[3] } : {}) };
  const r = ZEEK_ROTATION_NAME.exec(rest);
  return r ? { rotated: true, start: r[1] } : null;
}

/** `YYYY-MM-DD HH:MM:SS` of the rotation, from the name and the dated folder it sits in. */
function rotationTime(m: NameMatch, date: string | undefined): string | undefined {
  const full = (t: string) => `${t.slice(0, 10)} ${t.slice(11).replace(/-/g, ':')}`;
  if (m.end !== undefined && m.end.length > 8) return full(m.end);
  if (m.end !== undefined && m.start !== undefined) {
    if (date === undefined) return undefined;
    // zeekctl names the folder by the open day: a close time before the open time is the next day.
    return `${m.end < m.start ? nextDay(date) : date} ${m.end}`;
  }
  return m.start !== undefined && m.start.length > 8 ? full(m.start) : undefined;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Archives by rotation (every logger's files of one rotation together), then plain logs, then live ones. */
function sortChronologically(found: Candidate[]): Candidate[] {
  const rank = (f: Candidate): number => (f.kind === 'archive' ? 0 : f.kind === 'plain' ? 1 : 2);
  const key = (f: Candidate): string => `${f.rotatedAt ?? f.date ?? ''} ${f.start} ${f.file}`;
  return [...found].sort((a, b) => rank(a) - rank(b) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function dedupe(found: Candidate[]): Promise<FoundLog[]> {
  const seen = new Set<string>();
  const out: FoundLog[] = [];
  const dirs = new RealPaths();
  const reals = await Promise.all(found.map((f) => (f.link ? realpath(f.file).catch(() => f.file) : dirs.fileIn(f.file))));
  found.forEach((f, i) => {
    const real = reals[i] as string;
    if (seen.has(real)) return;
    seen.add(real);
    const { start: _start, link: _link, ...log } = f;
    out.push(log);
  });
  return out;
}

/**
 * Real paths of files by their directory's (logs/current is a link to a spool: one file, two
 * names): one realpath per directory, not per file, for the thousands of archives of a long tree.
 * A file that is itself a link must be resolved on its own.
 */
export class RealPaths {
  private readonly dirs = new Map<string, Promise<string>>();

  fileIn(file: string): Promise<string> {
    const dir = dirname(file);
    let real = this.dirs.get(dir);
    if (real === undefined) {
      real = realpath(dir).catch(() => dir);
      this.dirs.set(dir, real);
    }
    return real.then((d) => join(d, basename(file)));
  }
}

async function existingDirs(dirs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs)
    if (
      await stat(d).then(
        (s) => s.isDirectory(),
        () => false,
      )
    )
      out.push(d);
  return out;
}

interface DirEntry {
  name: string;
  isDir: boolean;
  /** A symlink (to a file or a directory). */
  isLink?: boolean;
}

async function listDir(dir: string): Promise<DirEntry[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new EnvironmentError(`cannot list directory: ${(e as Error).message}`, { file: dir });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // The type comes with the listing; only links (logs/current -> spool/logger-1) and file systems
  // that do not tell the type need a stat (which follows the link; a dangling link is a file).
  const out = await Promise.all(
    entries.map(async (e): Promise<DirEntry | null> => {
      if (e.isDirectory()) return { name: e.name, isDir: true };
      if (e.isFile()) return { name: e.name, isDir: false };
      const path = join(dir, e.name);
      const s = await stat(path).catch(async () => lstat(path).catch(() => null));
      return s ? { name: e.name, isDir: s.isDirectory(), isLink: e.isSymbolicLink() } : null;
    }),
  );
  return out.filter((e): e is DirEntry => e !== null);
}
