import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { readPcapHeader } from '../pcap/index.js';
import { TRACE_SUFFIXES } from '../suite/resolve-traces.js';
import { dependencies, isPackageDependency, readZkgMeta, type Dependency } from './zkg-meta.js';

/** What `zeek-budget init` learns from a Zeek package directory. */
export interface PackageScan {
  dir: string;
  /** The package's name: its directory's (zkg names packages after their repository). */
  name: string;
  /** zkg.meta's script_dir, relative to the package ('' = the package root, zkg's default). */
  scriptDir: string;
  /** `module` names declared in the package's scripts, in order of first appearance, without GLOBAL. */
  modules: Array<{ name: string; file: string }>;
  /** Traces found in the package (absolute paths), sorted. */
  traces: string[];
  /** Files named like traces that are not (a truncated or foreign file), with why. */
  skipped: Array<{ file: string; why: string }>;
  /** The package's `zeek` requirement from depends (e.g. `>=6.0.0`), if any. */
  zeekRequirement?: string;
  /** Other packages it depends on (they must be installed for its scripts to load). */
  packageDependencies: Dependency[];
}

/** Where zkg packages keep traces: zeek/package-template's testing/Traces, tests/traces, and any trace under testing/. */
const TRACE_DIRS = ['testing/Traces', 'tests/traces', 'testing'];
const SKIP_DIRS = new Set(['node_modules', '.git', '.tmp', 'build']);

export async function scanPackage(dir: string): Promise<PackageScan> {
  const root = path.resolve(dir);
  const meta = await readZkgMeta(path.join(root, 'zkg.meta'));
  const scriptDir = (meta.fields.get('script_dir') ?? '').trim();
  const scripts = path.resolve(root, scriptDir);
  if (!(await isFile(path.join(scripts, '__load__.zeek')))) {
    throw new ConfigError(
      `${scriptDir ? `script_dir = ${scriptDir}` : 'the package root (no script_dir)'} has no __load__.zeek: zeek loads a package through it. Set script_dir to the directory that has it.`,
      { file: meta.file, line: meta.lines.get('script_dir'), field: 'script_dir' },
    );
  }
  const deps = dependencies(meta);
  const traces = new Map<string, string>();
  const skipped: PackageScan['skipped'] = [];
  for (const d of TRACE_DIRS) {
    for (const file of await findFiles(path.join(root, d), isTraceName)) {
      const real = await realpath(file);
      if (traces.has(real)) continue;
      const why = await notATrace(file);
      if (why) skipped.push({ file, why });
      else traces.set(real, file);
    }
  }
  return {
    dir: root,
    name: path.basename(root),
    scriptDir,
    modules: await moduleNames(scripts),
    traces: [...traces.values()].sort(),
    skipped,
    zeekRequirement: deps.find((x) => x.name === 'zeek' || x.name === 'bro')?.version,
    packageDependencies: deps.filter(isPackageDependency),
  };
}

function isTraceName(name: string): boolean {
  return TRACE_SUFFIXES.some((s) => name.toLowerCase().endsWith(s));
}

/** A trace zeek cannot open would fail every run: check the header now (gzip'ed traces are checked when decompressed). */
async function notATrace(file: string): Promise<string | undefined> {
  if (file.toLowerCase().endsWith('.gz')) return undefined;
  try {
    await readPcapHeader(file);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

async function findFiles(dir: string, want: (name: string) => boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) out.push(...(await findFiles(p, want)));
    else if (e.isFile() && want(e.name)) out.push(p);
  }
  return out;
}

/**
 * `module NAME;` statements of the package's scripts: my_stats logs every global under the
 * part of its name before the first `::`, which is the module it was declared in.
 */
async function moduleNames(scriptDir: string): Promise<Array<{ name: string; file: string }>> {
  const seen = new Map<string, string>();
  for (const file of await findFiles(scriptDir, (n) => n.endsWith('.zeek'))) {
    const text = await readFile(file, 'utf8');
    for (const line of text.split('\n')) {
      const m = /^\s*module\s+([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*)\s*;/.exec(line.replace(/#.*$/, ''));
      const name = m?.[1]?.split('::')[0];
      if (name && name !== 'GLOBAL' && !seen.has(name)) seen.set(name, file);
    }
  }
  return [...seen.entries()].map(([name, file]) => ({ name, file }));
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}
