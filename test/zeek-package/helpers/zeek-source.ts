// Reads the facts the fake mirrors straight out of the package's Zeek source:
// the &log columns of each record logged to a stream, the stream paths, the
// option defaults and the reason values.
import { readFileSync } from 'node:fs';

export interface LoggedRecord {
  path: string;
  fields: [name: string, type: string][];
}

const UNITS: Record<string, number> = { usec: 1e-6, msec: 1e-3, sec: 1, min: 60, hr: 3600, day: 86400 };

export function readPackageSource(file: string): string {
  return readFileSync(file, 'utf8');
}

function recordFields(source: string, typeName: string): [string, string][] {
  const m = new RegExp(`type\\s+${typeName}\\s*:\\s*record\\s*\\{([\\s\\S]*?)\\n\\s*\\};`).exec(source);
  if (!m?.[1]) throw new Error(`no "type ${typeName}: record { ... };" in the package source`);
  const fields: [string, string][] = [];
  for (const line of m[1].split('\n')) {
    const f = /^\s*(\w+)\s*:\s*([^&;]+?)\s*(&[^;]*)?;/.exec(line);
    if (f?.[1] && f[2] && f[3]?.includes('&log')) fields.push([f[1], f[2]]);
  }
  return fields;
}

/** Every Log::create_stream(...) of the source, with its columns record's &log fields. */
export function loggedRecords(source: string): LoggedRecord[] {
  const out: LoggedRecord[] = [];
  for (const m of source.matchAll(/Log::create_stream\(\s*\w+\s*,\s*\[([^\]]*)\]\s*\)/g)) {
    const columns = /\$columns\s*=\s*(\w+)/.exec(m[1] ?? '')?.[1];
    const path = /\$path\s*=\s*"([^"]+)"/.exec(m[1] ?? '')?.[1];
    if (!columns || !path) throw new Error(`cannot read columns and path of ${m[0]}`);
    out.push({ path, fields: recordFields(source, columns) });
  }
  return out;
}

export function reasonValues(source: string): string[] {
  return [...source.matchAll(/const\s+REASON_\w+\s*=\s*"([^"]+)"\s*;/g)].map((m) => m[1] ?? '');
}

function literal(text: string): number | boolean {
  if (text === 'T' || text === 'F') return text === 'T';
  const interval = /^(\d+(?:\.\d+)?)\s*(usec|msec|sec|min|hr|day)s?$/.exec(text);
  if (interval?.[1] && interval[2]) return Number(interval[1]) * (UNITS[interval[2]] ?? NaN);
  if (/^\d+$/.test(text)) return Number(text);
  throw new Error(`cannot read the Zeek literal "${text}"`);
}

/** The `const NAME[: type] = VALUE &redef;` options of the export block, values in JS (intervals in seconds). */
export function optionDefaults(source: string): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const m of source.matchAll(/const\s+(\w+)\s*(?::\s*\w+\s*)?=\s*([^;&]+?)\s*&redef\s*;/g)) {
    if (m[1] && m[2]) out[m[1]] = literal(m[2]);
  }
  return out;
}
