import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';

export interface FoundLog {
  file: string;
  /** plain: a log in a plain directory or named directly; live: a zeekctl spool (current) log; archive: rotated. */
  kind: 'plain' | 'live' | 'archive';
  /** YYYY-MM-DD of the archive folder (archives only). */
  date?: string;
}

export interface FoundLogs {
  logs: FoundLog[];
  /** Things the user should know, e.g. zeekctl still archiving after a stop. */
  warnings: string[];
}

const DATE_DIR = /^\d{4}-\d{2}-\d{2}$/;

/** A found file plus its sort key within a day (the archive's open time). */
type Candidate = FoundLog & { start: string };

/**
 * Finds the files of one log (`my_stats`) under a target: the file itself; a plain log directory;
 * a zeekctl prefix (`logs/` and `spool/`); a `logs/` tree with dated archive folders; `logs/current`
 * or a spool node directory. Archives come first, oldest first, live logs last; a file reachable
 * twice (logs/current is a symlink to the logger's spool) is listed once.
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
    throw new EnvironmentError(
      code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${(e as Error).message}`,
      { file: target },
    );
  }
  const warnings: string[] = [];
  if (!st.isDirectory()) return { logs: [{ file: target, kind: 'plain' }], warnings };

  const found: Candidate[] = [];
  const searched: string[] = [];
  await searchDirectory(target, logPath, found, searched, warnings);
  const logs = await dedupe(sortChronologically(found));
  if (logs.length === 0) {
    throw new EnvironmentError(
      `no ${logPath} log found; searched ${searched.join(', ')} for ${logPath}.log, ${logPath}.log.gz and ` +
        `zeekctl archives (YYYY-MM-DD/${logPath}.HH:MM:SS-HH:MM:SS.log.gz). Is the package loaded (@load ... in local.zeek) ` +
        `and did Zeek run long enough to write it?`,
      { file: target },
    );
  }
  return { logs, warnings };
}

async function searchDirectory(dir: string, logPath: string, found: Candidate[], searched: string[], warnings: string[]): Promise<void> {
  const entries = await listDir(dir);
  const subdirs = new Set(entries.filter((e) => e.isDir).map((e) => e.name));
  const files = entries.filter((e) => !e.isDir).map((e) => e.name);
  if (subdirs.has('logs') || subdirs.has('spool')) {
    // A zeekctl install prefix: archives under logs/, live logs under spool/<logger or manager>/.
    searched.push(dir);
    collectLogFiles(dir, files, logPath, 'plain', undefined, found);
    if (subdirs.has('logs')) await searchLogsTree(join(dir, 'logs'), logPath, found, searched);
    if (subdirs.has('spool')) await searchSpool(join(dir, 'spool'), logPath, found, searched, warnings);
    return;
  }
  if (subdirs.has('current') || [...subdirs].some((d) => DATE_DIR.test(d))) {
    await searchLogsTree(dir, logPath, found, searched);
    return;
  }
  searched.push(dir);
  collectLogFiles(dir, files, logPath, isSpoolNode(files) ? 'live' : 'plain', undefined, found);
  if (found.length === 0 && subdirs.size > 0) await searchSpool(dir, logPath, found, searched, warnings);
}

/** zeekctl `logs/`: dated archive folders plus `current`. */
async function searchLogsTree(logsDir: string, logPath: string, found: Candidate[], searched: string[]): Promise<void> {
  searched.push(logsDir);
  for (const e of await listDir(logsDir)) {
    const sub = join(logsDir, e.name);
    if (DATE_DIR.test(e.name) && e.isDir) {
      collectLogFiles(sub, (await listDir(sub)).map((x) => x.name), logPath, 'archive', e.name, found);
    } else if (e.name === 'current' && e.isDir) {
      collectLogFiles(sub, (await listDir(sub)).map((x) => x.name), logPath, 'live', undefined, found);
    }
  }
  collectLogFiles(logsDir, (await listDir(logsDir)).map((x) => x.name), logPath, 'plain', undefined, found);
}

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
    collectLogFiles(sub, (await listDir(sub)).map((x) => x.name), logPath, 'live', undefined, found);
  }
}

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
function collectLogFiles(dir: string, names: string[], logPath: string, kind: FoundLog['kind'], date: string | undefined, found: Candidate[]): void {
  for (const name of names) {
    const m = matchLogName(name, logPath);
    if (m === null) continue;
    found.push({ file: join(dir, name), kind: kind === 'archive' || m.rotated ? 'archive' : kind, date, start: m.start ?? '' });
  }
}

export interface NameMatch {
  rotated: boolean;
  /** The rotated file's open time as written in its name. */
  start?: string;
}

export function matchLogName(name: string, logPath: string): NameMatch | null {
  if (!name.startsWith(`${logPath}.`)) return null;
  const rest = name.slice(logPath.length + 1);
  if (rest === 'log' || rest === 'log.gz') return { rotated: false };
  const m = /^(\d{2}:\d{2}:\d{2})-\d{2}:\d{2}:\d{2}(?:-[^.]+)?\.log(?:\.gz)?$/.exec(rest)
    ?? /^(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})\.log(?:\.gz)?$/.exec(rest);
  return m ? { rotated: true, start: m[1] } : null;
}

function sortChronologically(found: Candidate[]): Candidate[] {
  const rank = (f: Candidate): number => (f.kind === 'archive' ? 0 : f.kind === 'plain' ? 1 : 2);
  const key = (f: Candidate): string => `${f.date ?? ''} ${f.start} ${f.file}`;
  return [...found].sort((a, b) => rank(a) - rank(b) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function dedupe(found: Candidate[]): Promise<FoundLog[]> {
  const seen = new Set<string>();
  const out: FoundLog[] = [];
  for (const f of found) {
    const real = await realpath(f.file).catch(() => f.file);
    if (seen.has(real)) continue;
    seen.add(real);
    const { file, kind, date } = f;
    out.push(date ? { file, kind, date } : { file, kind });
  }
  return out;
}

async function listDir(dir: string): Promise<{ name: string; isDir: boolean }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    throw new EnvironmentError(`cannot list directory: ${(e as Error).message}`, { file: dir });
  }
  const out: { name: string; isDir: boolean }[] = [];
  for (const name of names.sort()) {
    // stat follows symlinks (logs/current -> spool/logger-1); a dangling link is skipped.
    const s = await stat(join(dir, name)).catch(async () => lstat(join(dir, name)).catch(() => null));
    if (s) out.push({ name, isDir: s.isDirectory() });
  }
  return out;
}
