import type { LogLineParser, MalformedLinePolicy } from './log-line-parser.js';
import type { LogReadStats, ZeekRecord, ZeekValue } from './types.js';
import { unescapeZeekAscii } from './unescape.js';
import { BadValue, columnReader, type ColumnReader } from './value-parsers.js';
import { failure } from '../messages.js';

export interface AsciiSchema {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  fields: readonly string[] | null;
  types: readonly string[] | null;
}

/**
 * Zeek's ASCII writer format: `#` header lines, then one separator-joined line per record.
 * A file may hold several header blocks (appended runs, concatenated rotations): each `#fields`
 * starts a new schema.
 */
export class AsciiLogParser implements LogLineParser {
  private separator = '\t';
  private setSeparator = ',';
  private emptyField = '(empty)';
  private unsetField = '-';
  private path: string;
  private fields: string[] | null = null;
  private types: string[] | null = null;
  private columns: ColumnReader[] | null = null;
  private warnedNoTypes = false;

  /** The header state data lines are read with (for readers with a faster path of their own). */
  schema(): AsciiSchema {
    return {
      separator: this.separator,
      setSeparator: this.setSeparator,
      emptyField: this.emptyField,
      unsetField: this.unsetField,
      fields: this.fields,
      types: this.types,
    };
  }

  constructor(
    private readonly stats: LogReadStats,
    private readonly malformed: MalformedLinePolicy,
    defaultPath: string,
  ) {
    this.path = defaultPath;
  }

  line(text: string, lineNo: number, out: ZeekRecord[]): void {
    if (text.charCodeAt(0) === 35 /* # */) {
      this.header(text, lineNo);
      return;
    }
    if (text.length === 0) return;
    const record = this.data(text, lineNo);
    if (record) out.push(record);
  }

  end(partial: string | null, lineNo: number, out: ZeekRecord[]): void {
    if (partial !== null && partial.length > 0) {
      if (this.stats.closed || partial.charCodeAt(0) === 35) {
        // A closed file whose last line just lacks the newline (edited by hand, or #close itself).
        this.line(partial, lineNo, out);
      } else {
        this.stats.warnings.push(`${this.stats.file}:${lineNo}: last line has no newline and the log has no #close: a partial write, dropped`);
      }
    }
    if (!this.stats.closed) {
      this.stats.warnings.push(`${this.stats.file} has no #close: Zeek was killed or is still writing; records up to the last complete line are used`);
    }
  }

  private header(text: string, lineNo: number): void {
    if (text.startsWith('#separator ')) {
      this.separator = unescapeZeekAscii(text.slice('#separator '.length));
      this.stats.closed = false;
      return;
    }
    const parts = text.split(this.separator);
    const value = parts[1] ?? '';
    switch (parts[0]) {
      case '#set_separator':
        this.setSeparator = unescapeZeekAscii(value);
        this.columns = null;
        break;
      case '#empty_field':
        this.emptyField = unescapeZeekAscii(value);
        this.columns = null;
        break;
      case '#unset_field':
        this.unsetField = unescapeZeekAscii(value);
        this.columns = null;
        break;
      case '#path':
        this.path = unescapeZeekAscii(value);
        break;
      case '#open':
        this.stats.closed = false;
        break;
      case '#fields':
        this.fields = checkedFieldNames(parts.slice(1), this.stats.file, lineNo);
        this.types = null;
        this.columns = null;
        this.stats.headerBlocks++;
        this.stats.closed = false;
        break;
      case '#types':
        this.types = parts.slice(1);
        this.columns = null;
        break;
      case '#close':
        this.stats.closed = true;
        break;
      default:
        // Other meta lines (comments, future headers) carry no data.
        break;
    }
  }

  private compileColumns(fields: string[], lineNo: number): ColumnReader[] | null {
    let types = this.types;
    if (types === null) {
      if (!this.warnedNoTypes) {
        this.stats.warnings.push(`${this.stats.file}:${lineNo}: #fields without #types: every column read as text`);
        this.warnedNoTypes = true;
      }
      types = fields.map(() => 'string');
    } else if (types.length !== fields.length) {
      this.malformed.report(`header has ${fields.length} #fields but ${types.length} #types: the header block is damaged`, lineNo);
      return null;
    }
    return types.map((t) => columnReader(t, this.setSeparator, this.unsetField, this.emptyField));
  }

  private data(text: string, lineNo: number): ZeekRecord | null {
    const fields = this.fields;
    if (fields === null) {
      this.malformed.report(
        'data line before any #fields header: not a Zeek ASCII log, or its header was cut off (Zeek writes #separator, ..., #fields, #types first)',
        lineNo,
      );
      return null;
    }
    const columns = this.columns ?? (this.columns = this.compileColumns(fields, lineNo));
    if (columns === null) return null;
    const parts = text.split(this.separator);
    if (parts.length !== fields.length) {
      this.malformed.report(
        `expected ${fields.length} fields (${fields.join(' ')}), found ${parts.length}`,
        lineNo,
        parts.length < fields.length ? fields[parts.length] : undefined,
      );
      return null;
    }
    const values: Record<string, ZeekValue> = {};
    const unset = this.unsetField;
    const empty = this.emptyField;
    for (let i = 0; i < parts.length; i++) {
      const raw = parts[i] as string;
      const name = fields[i] as string;
      const column = columns[i] as ColumnReader;
      if (raw === unset) {
        values[name] = null;
      } else if (raw === empty && column.empty !== 'invalid') {
        values[name] = column.empty === 'string' ? '' : [];
      } else {
        try {
          values[name] = column.convert(raw);
        } catch (e) {
          if (!(e instanceof BadValue)) throw e;
          this.malformed.report(`${e.message} (column type ${this.types?.[i] ?? 'string'})`, lineNo, name);
          return null;
        }
      }
    }
    return { line: lineNo, path: this.path, values };
  }
}

/**
 * Column names are what records are keyed by: a name twice would silently drop one column, and a
 * control character or an empty name means the header is damaged (Zeek's names are identifiers).
 * Header damage is never skipped: without the header no line of its block can be read.
 */
function checkedFieldNames(names: string[], file: string, lineNo: number): string[] {
  const seen = new Map<string, number>();
  for (const [i, name] of names.entries()) {
    if (name === '' || [...name].some(unprintable)) {
      throw failure(
        'logFieldNameBad',
        { file, line: lineNo },
        i + 1,
        name === '' ? 'an empty name' : `a name with unprintable characters (${JSON.stringify(name)})`,
      );
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw failure('logFieldNameTwice', { file, line: lineNo }, first + 1, i + 1, name);
    }
    seen.set(name, i);
  }
  return names;
}

/** A control character or a space (C0, DEL, C1): never part of a Zeek column name. */
function unprintable(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c <= 0x20 || (c >= 0x7f && c <= 0x9f);
}
