// A small reader for Zeek's ASCII logs, enough to check what the fake wrote.
import { readFileSync } from 'node:fs';

export interface AsciiLog {
  path: string | undefined;
  fields: string[];
  types: string[];
  rows: Record<string, string>[];
  closed: boolean;
}

export function parseAsciiLog(text: string): AsciiLog {
  const log: AsciiLog = { path: undefined, fields: [], types: [], rows: [], closed: false };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const cells = line.split('\t');
    if (line.startsWith('#')) {
      if (cells[0] === '#path') log.path = cells[1];
      if (cells[0] === '#fields') log.fields = cells.slice(1);
      if (cells[0] === '#types') log.types = cells.slice(1);
      if (cells[0] === '#close') log.closed = true;
      continue;
    }
    log.rows.push(Object.fromEntries(log.fields.map((f, i) => [f, cells[i] ?? ''])));
  }
  return log;
}

export function readAsciiLog(file: string): AsciiLog {
  return parseAsciiLog(readFileSync(file, 'utf8'));
}

export function column(log: AsciiLog, name: string): string[] {
  return log.rows.map((r) => r[name] ?? '');
}
