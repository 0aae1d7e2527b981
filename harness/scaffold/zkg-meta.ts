import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';

/**
 * zkg.meta, the metadata of a Zeek package: an INI file (Python's configparser) whose `[package]`
 * section holds `key = value` fields; a value continues on indented lines (`depends`,
 * `description`). See the zkg docs, "Package Metadata".
 */
export interface ZkgMeta {
  file: string;
  /** Fields of [package], values with continuation lines joined by newlines. */
  fields: Map<string, string>;
  /** 1-based line of each field, for messages. */
  lines: Map<string, number>;
}

/** The fields zkg documents for [package] (zkg's "Package Metadata"); zkg ignores others. */
export const ZKG_META_FIELDS = [
  'description',
  'aliases',
  'credits',
  'tags',
  'script_dir',
  'plugin_dir',
  'executables',
  'build_command',
  'user_vars',
  'test_command',
  'config_files',
  'depends',
  'external_depends',
  'suggests',
] as const;

export async function readZkgMeta(file: string): Promise<ZkgMeta> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? 'no zkg.meta here: name the directory of a Zeek package (the one with zkg.meta, as zkg create makes it), e.g. `zeek-budget init path/to/my-package`'
        : `cannot read zkg.meta: ${(e as Error).message}`,
      { file },
    );
  }
  return parseZkgMeta(text, file);
}

export function parseZkgMeta(text: string, file: string): ZkgMeta {
  const fields = new Map<string, string>();
  const lines = new Map<string, number>();
  let section: string | undefined;
  let last: string | undefined;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = i + 1;
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    if (/^\s/.test(raw) && last !== undefined) {
      // configparser joins continuation lines with a newline.
      fields.set(last, `${fields.get(last) ?? ''}\n${raw.trim()}`.replace(/^\n/, ''));
      continue;
    }
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = header[1]?.trim();
      last = undefined;
      continue;
    }
    const kv = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv?.[1]) throw new ConfigError(`expected "key = value" or a [section], got "${raw.trim()}"`, { file, line });
    if (section === undefined) throw new ConfigError('zkg.meta must begin with the line [package]', { file, line });
    if (section !== 'package') {
      last = undefined;
      continue;
    }
    last = kv[1].toLowerCase();
    fields.set(last, (kv[2] ?? '').trim());
    lines.set(last, line);
  }
  if (section === undefined) throw new ConfigError('zkg.meta has no [package] section', { file, line: 1 });
  return { file, fields, lines };
}

export interface Dependency {
  name: string;
  version: string;
}

/** `depends` as zkg reads it: whitespace-separated pairs of name and version requirement. */
export function dependencies(meta: ZkgMeta, field = 'depends'): Dependency[] {
  const value = meta.fields.get(field);
  if (value === undefined) return [];
  const parts = value.split(/\s+/).filter(Boolean);
  if (parts.length % 2 !== 0) {
    throw new ConfigError(`expected pairs of a name and a version requirement (e.g. "zeek >=6.0.0"), got "${value.replace(/\n/g, ' ')}"`, {
      file: meta.file,
      line: meta.lines.get(field),
      field,
    });
  }
  const deps: Dependency[] = [];
  for (let i = 0; i < parts.length; i += 2) deps.push({ name: parts[i]!, version: parts[i + 1]! });
  return deps;
}

/** Not packages: `zeek`/`bro` name the Zeek version, `zkg`/`bro-pkg` the package manager's. */
export function isPackageDependency(d: Dependency): boolean {
  return !['zeek', 'bro', 'zkg', 'bro-pkg'].includes(d.name);
}

/** The name a package is loaded by (`@load NAME`): the last component of its git URL or path. */
export function packageName(nameOrUrl: string): string {
  return (
    nameOrUrl
      .replace(/\/+$/, '')
      .replace(/\.git$/, '')
      .split('/')
      .pop() ?? nameOrUrl
  );
}
