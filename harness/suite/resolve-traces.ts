import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { workloadTraces } from './expand-workloads.js';
import type { SuiteDocument } from './schema.js';
import type { Fail } from './suite-source.js';
import type { TraceRef } from './types.js';
import type { PathKey } from './yaml-locations.js';

// Stage 3a of loading a suite: trace paths and globs become files that exist, are regular files
// and are named like traces; labels are unique.

export const TRACE_SUFFIXES = ['.pcap', '.pcapng', '.pcap.gz', '.pcapng.gz'];

export async function resolveTraces(dir: string, entries: NonNullable<SuiteDocument['traces']>, workloadCache: string, fail: Fail): Promise<TraceRef[]> {
  const refs: TraceRef[] = [];
  for (const [i, entry] of entries.entries()) {
    if (typeof entry !== 'string' && 'workload' in entry) {
      refs.push(...workloadTraces(entry, ['traces', i, 'workload'], workloadCache, fail));
      continue;
    }
    const pattern = typeof entry === 'string' ? entry : entry.path;
    const p: PathKey[] = typeof entry === 'string' ? ['traces', i] : ['traces', i, 'path'];
    const files = await expandTrace(dir, pattern, p, fail);
    for (const file of files) {
      const label = typeof entry !== 'string' && entry.name && files.length === 1 ? entry.name : path.basename(file);
      refs.push({ label, path: file, compressed: file.endsWith('.gz') });
    }
  }
  const seen = new Map<string, string>();
  for (const ref of refs) {
    const other = seen.get(ref.label);
    if (other) throw fail(['traces'], `two traces are both labelled "${ref.label}" (${other} and ${ref.path}): give one a name`);
    seen.set(ref.label, ref.path);
  }
  return refs;
}

async function expandTrace(dir: string, pattern: string, p: PathKey[], fail: Fail): Promise<string[]> {
  const abs = path.resolve(dir, pattern);
  const isGlob = /[*?[\]{}]/.test(pattern);
  let files: string[];
  if (isGlob) {
    files = (await glob(pattern, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false })).sort();
    if (files.length === 0) throw fail(p, `no trace matches ${pattern} (looked in ${dir})`);
  } else {
    const st = await stat(abs).catch(() => undefined);
    if (!st) throw fail(p, `trace not found: ${pattern} (resolved to ${abs})`);
    if (st.isDirectory()) throw fail(p, `${pattern} is a directory: name trace files, or a glob like ${path.join(pattern, '*.pcap')}`);
    files = [abs];
  }
  const bad = files.find((f) => !TRACE_SUFFIXES.some((s) => f.toLowerCase().endsWith(s)));
  if (bad) throw fail(p, `not a trace file name: ${bad} (expected ${TRACE_SUFFIXES.join(', ')})`);
  for (const f of files) {
    // A FIFO or device would block the checksum that runs before zeek, for ever.
    const st = await stat(f).catch(() => undefined);
    if (st && !st.isFile())
      throw fail(p, `${f} is not a regular file (a FIFO, socket or device): traces are read twice (checksum, then zeek), so name a pcap file`);
  }
  return files;
}
