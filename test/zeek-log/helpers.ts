import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readZeekLog, type ReadLogOptions } from '../../harness/zeek-log/read-zeek-log.js';
import type { LogReadStats, ZeekRecord } from '../../harness/zeek-log/types.js';

export const fixtures = path.resolve('test', 'fixtures', 'logs');
export const fixture = (name: string): string => path.join(fixtures, name);

/** The recorded real-Zeek runs beside the repo (../shared); absent on machines without them. */
export const reference = path.resolve('..', 'shared', 'zeek-reference');

export async function readAll(file: string, options?: ReadLogOptions): Promise<{ records: ZeekRecord[]; stats: LogReadStats }> {
  const stream = readZeekLog(file, options);
  const records: ZeekRecord[] = [];
  for await (const r of stream) records.push(r);
  return { records, stats: stream.stats };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'zeek-budget-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
