import { constants, gunzipSync } from 'node:zlib';
import { openRegularLog } from './open-log-bytes.js';

/** How much of a file is looked at for its header: Zeek's header block is a few hundred bytes. */
const HEAD_BYTES = 64 * 1024;
/** Of a gzip'ed file, this much is inflated first. */
const GZIP_HEAD_BYTES = 1024;

function inflateStart(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

/** The start of a Zeek log, read without reading the log: what a reader needs to begin anywhere. */
export interface LogHead {
  file: string;
  /** Size on disk. */
  size: number;
  compressed: boolean;
  format: 'ascii' | 'json' | 'empty';
  /**
   * ASCII: the header block's bytes, every line up to the first data line (the `#separator` to
   * `#types` lines, newline included); empty for JSON. Byte offset where the data lines begin is
   * its length (plain files).
   */
  header: Buffer;
  /** The header's `#fields` and `#types` lines as written (ASCII), for telling header blocks apart. */
  schema: string;
  /** `#open`, as `YYYY-MM-DD HH:MM:SS` (local time of the writer); undefined for JSON or without one. */
  opened?: string;
  /** The ts of the first data line, when it lies in the bytes read and reads as a number (ASCII with a ts column, or JSON). */
  firstTs?: number;
}

/**
 * Reads the header of a log, plain or gzip (only the first compressed bytes are inflated). A log
 * whose header does not end within the first 64 KiB is reported as having none (format 'empty').
 */
export async function readLogHead(file: string): Promise<LogHead> {
  const handle = await openRegularLog(file);
  try {
    const size = (await handle.stat()).size;
    const read = async (n: number) => {
      const raw = Buffer.alloc(Math.min(size, n));
      const { bytesRead } = await handle.read(raw, 0, raw.length, 0);
      return raw.subarray(0, bytesRead);
    };
    let first = await read(GZIP_HEAD_BYTES);
    const compressed = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
    if (!compressed) return { file, size, compressed, ...parseHead(await read(HEAD_BYTES)) };
    // The start of the stream only: a sync flush gives what the bytes read so far hold. A few KiB
    // inflate to the header and more; only a header that goes on past them needs more.
    let head = parseHead(inflateStart(first));
    if (!head.complete && first.length < size) {
      first = await read(HEAD_BYTES);
      head = parseHead(inflateStart(first));
    }
    return { file, size, compressed, format: head.format, header: head.header, schema: head.schema, opened: head.opened, firstTs: head.firstTs };
  } finally {
    await handle.close();
  }
}

type Head = Pick<LogHead, 'format' | 'header' | 'schema' | 'opened' | 'firstTs'> & { complete: boolean };

/** The header in these first bytes; `complete` when they go on past it (a data line follows). */
function parseHead(bytes: Buffer): Head {
  let pos = 0;
  // Blank lines before the first one count for nothing, as for the reader.
  while (pos < bytes.length && (bytes[pos] === 0x0a || bytes[pos] === 0x0d || bytes[pos] === 0x20)) pos++;
  if (pos >= bytes.length) return { format: 'empty', header: Buffer.alloc(0), schema: '', complete: false };
  if (bytes[pos] === 0x7b /* { */) {
    const nl = bytes.indexOf(0x0a, pos);
    const ts = /^\{"ts":(\d+(?:\.\d+)?)[,}]/.exec(bytes.toString('utf8', pos, nl < 0 ? Math.min(bytes.length, pos + 200) : nl))?.[1];
    return { format: 'json', header: Buffer.alloc(0), schema: '', complete: true, ...(ts === undefined ? {} : { firstTs: Number(ts) }) };
  }
  let opened: string | undefined;
  const schema: string[] = [];
  let end = 0;
  while (end < bytes.length) {
    const nl = bytes.indexOf(0x0a, end);
    if (nl < 0) break;
    const line = bytes.toString('utf8', end, nl).replace(/\r$/, '');
    if (!line.startsWith('#')) {
      const firstTs = asciiTs(line, schema);
      return {
        format: 'ascii',
        header: bytes.subarray(0, end),
        schema: schema.join('\n'),
        opened,
        complete: true,
        ...(firstTs === undefined ? {} : { firstTs }),
      };
    }
    if (line.startsWith('#open')) opened = zeekTimeKey(line.slice(6));
    if (
      line.startsWith('#fields') ||
      line.startsWith('#types') ||
      line.startsWith('#separator') ||
      line.startsWith('#set_separator') ||
      line.startsWith('#empty_field') ||
      line.startsWith('#unset_field')
    ) {
      schema.push(line);
    }
    end = nl + 1;
  }
  // A header-only file (or one whose header goes on beyond what was read): everything is header.
  return { format: 'ascii', header: bytes.subarray(0, end), schema: schema.join('\n'), opened, complete: false };
}

/** The ts field of a data line under a tab-separated header with a `ts` column. */
function asciiTs(line: string, schema: string[]): number | undefined {
  const fields = schema
    .find((l) => l.startsWith('#fields\t'))
    ?.split('\t')
    .slice(1);
  const at = fields?.indexOf('ts') ?? -1;
  if (at < 0 || !schema.includes('#separator \\x09')) return undefined;
  const v = line.split('\t')[at];
  return v !== undefined && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
}

/** Zeek's `2026-11-22-14-45-13` as `2026-11-22 14:45:13` (sorts like the time it names). */
export function zeekTimeKey(text: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})-(\d{2})-(\d{2})-(\d{2})/.exec(text.trim());
  return m ? `${m[1]} ${m[2]}:${m[3]}:${m[4]}` : undefined;
}
