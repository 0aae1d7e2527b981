import { AsciiLogParser } from './ascii-log-parser.js';
import { MalformedLinePolicy, type LogLineParser } from './log-line-parser.js';
import { LineCarry } from './line-carry.js';
import { footprintsOf } from './my-stats-rows.js';
import { chooseParser, pathFromFileName, type ReadLogOptions } from './read-zeek-log.js';
import { RowTails } from './row-tails.js';
import { ByteInterner, type StringTable } from './string-interner.js';
import { sameBytes } from '../util/same-bytes.js';
import type { LogReadStats, ZeekRecord } from './types.js';
import { unescapeZeekAscii } from './unescape.js';

/** A footprint row with node/module/variable as ids into the StringTable: no allocation per row. */
export type FootprintCallback = (ts: number, run: number, node: number, module: number, variable: number, size: number, line: number) => void;

const IGNORE = 0,
  TS = 1,
  RUN = 2,
  NODE = 3,
  MODULE = 4,
  VARIABLE = 5,
  SIZE = 6;
const ROLE_OF: Record<string, [number, string]> = {
  ts: [TS, 'time'],
  run: [RUN, 'count'],
  node: [NODE, 'string'],
  module_name: [MODULE, 'string'],
  variable: [VARIABLE, 'string'],
  size: [SIZE, 'count'],
};
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const TAB = 9,
  LF = 10,
  CR = 13,
  HASH = 35,
  DOT = 46,
  DASH = 45;

/**
 * Reads my_stats data lines straight from the bytes. Only the plain, common shapes take the fast
 * path: ASCII with the tab separator, the standard markers and the six typed columns in any order,
 * or JSON rows exactly as Zeek's writer orders them; numbers without sign or exponent, no unset
 * field, no escapes. Every other line, and every header line, goes through the generic reader, so
 * errors, warnings and values are the same as readZeekLog's (a property test checks this). `ts` is
 * parsed as integer mantissa / 10^decimals, exact up to 2^53 and therefore the double Number() gives.
 */
export class FootprintScanner {
  /** A line the last chunk did not finish (see LineCarry: linear, bounded). */
  private readonly carry: LineCarry;
  private lineNo = 0;
  private parser: LogLineParser | null = null;
  private ascii: AsciiLogParser | null = null;
  private roles: Int8Array | null = null;
  private readonly policy: MalformedLinePolicy;
  /** Rows that parse as a log line but are not a valid footprint (an unset variable, ...). */
  private readonly rowPolicy: MalformedLinePolicy;
  private readonly interner: ByteInterner;
  private readonly skip: boolean;
  private readonly path: string;
  private readonly generic: ZeekRecord[] = [];
  private view: DataView | null = null;
  private json = false;
  /** JSON strings hold no ASCII escapes or markers: their bytes are the value. */
  private readonly jsonInterner: ByteInterner;
  /** What the last jsonNumber / jsonString call read (a number, or a string id). */
  private fieldValue = 0;
  // Interner entries of the row being scanned and of the last row, for guessing the next one.
  private rowNode = 0;
  private rowModule = 0;
  private rowVariable = 0;
  private lastNode = -1;
  private lastVariable = 0;
  /** By variable entry: the variable entry that came next last time, and the module it was logged with. */
  private readonly nextVariable: number[] = [];
  private readonly moduleOfVariable: number[] = [];
  /**
   * The leading columns that are time, run or node (ts, run, node in both packages' logs): rows
   * of one dump of our package repeat them byte for byte, so a row whose first bytes are the
   * previous row's takes its values without parsing them. prevStart: that row in the current
   * buffer (-1: none).
   */
  private prefixCols = 0;
  private prevStart = -1;
  private prevPrefixLen = 0;
  private prevTs = 0;
  private prevRun = 0;
  /** Bytes of that row's ts when ts is the first column (-1: it is not). */
  private prevTsLen = -1;
  /** That row's ts as time() read it: mantissa and decimals (-1: none), for timeAfter(). */
  private prevMant = 0;
  private prevDecimals = -1;
  /** What the last time() or timeAfter() call read, besides the value in fieldValue. */
  private timeMant = 0;
  private timeDecimals = -1;
  /** When the columns after those end with module, variable, size (both packages): their tails by variable. */
  private tails: RowTails | null = null;
  /** Rows left before trying the repeat again, after it kept failing (the original package stamps every row anew). */
  private prefixPause = 0;
  private prefixMisses = 0;

  constructor(
    private readonly stats: LogReadStats,
    options: ReadLogOptions,
    private readonly strings: StringTable,
    private readonly onRow: FootprintCallback,
  ) {
    this.skip = options.skipMalformed ?? false;
    this.policy = new MalformedLinePolicy(stats, this.skip);
    this.rowPolicy = new MalformedLinePolicy(stats, this.skip);
    this.path = pathFromFileName(stats.file);
    this.interner = new ByteInterner(strings, (raw) => (raw === '(empty)' ? '' : unescapeZeekAscii(raw)));
    this.jsonInterner = new ByteInterner(strings, (raw) => raw);
    this.carry = new LineCarry(stats.file, options.maxLineBytes);
  }

  /** Header lines (`#...`) as they are read, for a reader that needs to know them (a part of a log). */
  onHeaderLine: ((text: string) => void) | undefined;

  /** Lines read so far (complete ones; the partial last line counts once end() ran). */
  get linesRead(): number {
    return this.lineNo;
  }

  /**
   * For a part of a JSON log that begins mid-file: read it as JSON whatever its first line looks
   * like (a part's first line may be a cut or damaged one).
   */
  readAsJson(): void {
    if (this.parser === null) this.choose('{', this.lineNo + 1);
  }

  /** Bytes copied to carry lines across chunks (linear in the input; for tests and benchmarks). */
  get copiedBytes(): number {
    return this.carry.copiedBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry.length > 0) {
      // Finish the line split across chunks on its own, so the chunk itself is never copied.
      const nl = chunk.indexOf(LF);
      if (nl < 0) {
        this.carry.append(chunk, 0, chunk.length, this.lineNo + 1);
        return;
      }
      this.carry.append(chunk, 0, nl + 1, this.lineNo + 1);
      const joined = this.carry.bytes();
      this.lines(joined, 0, joined.length - 1);
      this.carry.clear();
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (last >= start) this.lines(chunk, start, last);
    const rest = last >= start ? last + 1 : start;
    this.carry.append(chunk, rest, chunk.length, this.lineNo + 1);
  }

  /** Every line in buf[from, last], where buf[last] is a newline. */
  private lines(buf: Buffer, from: number, last: number): void {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    this.prevStart = -1;
    let pos = from;
    while (pos <= last) {
      if (this.json) {
        const nl = this.scanJsonFast(buf, pos);
        if (nl >= 0) {
          pos = nl + 1;
          continue;
        }
      } else if (this.roles !== null && buf[pos] !== HASH) {
        let nl = this.scanRepeat(buf, pos);
        if (nl < 0) nl = this.scanNewTime(buf, pos);
        if (nl < 0) nl = this.scanFast(buf, pos);
        if (nl >= 0) {
          pos = nl + 1;
          continue;
        }
      }
      const nl = buf.indexOf(LF, pos);
      const end = nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
      // A row the fast path gave up on may have left another node behind: no repeat of the row before it.
      this.prevStart = -1;
      this.slowLine(buf.toString('utf8', pos, end));
      pos = nl + 1;
    }
  }

  end(): void {
    let partial: string | null = null;
    if (this.carry.length > 0) {
      partial = this.carry.bytes().toString('utf8');
      if (partial.endsWith('\r')) partial = partial.slice(0, -1);
      this.carry.clear();
    }
    if (this.parser === null && partial !== null && partial.trim().length > 0) this.choose(partial, this.lineNo + 1);
    if (this.parser === null) {
      this.stats.format = 'empty';
      this.stats.closed = false;
      this.stats.warnings.push(
        `${this.stats.file} is empty: Zeek buffers log writes (about 1 s), so it was probably killed before its first write, or the log was never written`,
      );
    } else {
      this.parser.end(partial, this.lineNo + 1, this.generic);
      this.flushGeneric();
    }
    this.policy.summarize();
    this.rowPolicy.summarize();
  }

  private choose(text: string, lineNo: number): void {
    this.parser = chooseParser(text, this.stats, this.policy, this.path, lineNo);
    this.ascii = this.parser instanceof AsciiLogParser ? this.parser : null;
    this.json = this.stats.format === 'json';
  }

  private slowLine(text: string): void {
    this.lineNo++;
    if (this.parser === null) {
      if (text.trim().length === 0) return;
      this.choose(text, this.lineNo);
    }
    (this.parser as LogLineParser).line(text, this.lineNo, this.generic);
    if (text.charCodeAt(0) === HASH) {
      this.roles = this.fastRoles();
      this.prefixCols = this.roles === null ? 0 : leadingKeyColumns(this.roles);
      this.tails = this.roles !== null && endsWithTail(this.roles, this.prefixCols) ? (this.tails ?? new RowTails()) : null;
      this.onHeaderLine?.(text);
    }
    if (this.generic.length > 0) this.flushGeneric();
  }

  private flushGeneric(): void {
    const rows = footprintsOf(this.generic, this.stats, this.rowPolicy);
    this.generic.length = 0;
    for (const r of rows) {
      this.stats.records++;
      this.onRow(r.ts, r.run, this.strings.idOf(r.node), this.strings.idOf(r.module), this.strings.idOf(r.variable), r.size, r.line);
    }
  }

  /** Column roles when the current header allows the fast path, else null. */
  private fastRoles(): Int8Array | null {
    if (this.ascii === null) return null;
    const s = this.ascii.schema();
    if (s.separator !== '\t' || s.emptyField !== '(empty)' || s.unsetField !== '-') return null;
    if (s.fields === null || s.types === null || s.types.length !== s.fields.length) return null;
    const roles = new Int8Array(s.fields.length);
    let found = 0;
    for (let i = 0; i < s.fields.length; i++) {
      const role = ROLE_OF[s.fields[i] as string];
      if (role === undefined) continue;
      if (s.types[i] !== role[1]) return null;
      roles[i] = role[0];
      found++;
    }
    return found === 6 ? roles : null;
  }

  /**
   * The row of one of our package's dumps: the row before's ts, run and node, then the module and
   * variable that followed the last variable before, then the size. Its newline's index, or -1
   * with nothing changed (scanFast reads it). A function of its own, small enough for V8 to inline
   * what it calls: inside scanFast the inlining budget ran out, and this is nearly every row.
   */
  private scanRepeat(buf: Buffer, pos: number): number {
    if (this.prevStart < 0 || this.prefixPause !== 0 || this.tails === null) return -1;
    const view = this.view as DataView;
    const len = this.prevPrefixLen;
    if (pos + len >= buf.length || !sameBytes(view, this.prevStart, view, pos, len)) return -1;
    const v = this.nextVariable[this.lastVariable] ?? -1;
    const tail = v < 0 ? -1 : (this.tails as RowTails).matchAt(v, buf, view, pos + len);
    const p = tail < 0 ? -1 : this.count(buf, pos + len + tail, LF);
    if (p < 0) return -1;
    this.prefixMisses = 0;
    this.prevStart = pos;
    this.takeGuessed(this.prevTs, this.prevRun, v, this.fieldValue);
    return p;
  }

  /**
   * A row with a time of its own (the original package stamps every row anew), then the row
   * before's run and node, the guessed variable's tail and the size; like scanRepeat, -1 with
   * nothing changed when it is not such a row.
   */
  private scanNewTime(buf: Buffer, pos: number): number {
    const tsLen = this.prevTsLen;
    if (this.prevStart < 0 || tsLen <= 0 || this.tails === null) return -1;
    const t = this.timeAfter(buf, pos, tsLen);
    if (t < 0) return -1;
    const ts = this.fieldValue;
    const view = this.view as DataView;
    // The run's and node's bytes with their tabs: "\t901\tworker-1\t".
    const rest = this.prevPrefixLen - tsLen;
    if (t + rest >= buf.length || !sameBytes(view, this.prevStart + tsLen, view, t, rest)) return -1;
    const v = this.nextVariable[this.lastVariable] ?? -1;
    const tail = v < 0 ? -1 : (this.tails as RowTails).matchAt(v, buf, view, t + rest);
    const p = tail < 0 ? -1 : this.count(buf, t + rest + tail, LF);
    if (p < 0) return -1;
    // The row before's first bytes were not repeated: a miss, as scanFast counts them.
    if (this.prefixPause > 0) this.prefixPause--;
    else if (++this.prefixMisses === 16) {
      this.prefixPause = 1024;
      this.prefixMisses = 0;
    }
    this.prevStart = pos;
    this.prevTsLen = t - pos;
    this.prevPrefixLen = t - pos + rest;
    this.prevTs = ts;
    this.prevMant = this.timeMant;
    this.prevDecimals = this.timeDecimals;
    this.takeGuessed(ts, this.prevRun, v, this.fieldValue);
    return p;
  }

  /** Hands on a row whose tail is the guessed variable's (scanRepeat, scanNewTime), with the row before's node. */
  private takeGuessed(ts: number, run: number, v: number, size: number): void {
    const module = (this.tails as RowTails).moduleOf(v);
    this.rowVariable = v;
    this.rowModule = module;
    const interner = this.interner;
    this.lineNo++;
    this.stats.records++;
    this.onRow(ts, run, interner.idOfEntry(this.rowNode), interner.idOfEntry(module), interner.idOfEntry(v), size, this.lineNo);
    this.lastNode = this.rowNode;
    this.moduleOfVariable[v] = module;
    this.lastVariable = v;
  }

  /** Parses one data line at buf[pos]; returns its newline's index, or -1 to leave it to the generic path. */
  private scanFast(buf: Buffer, pos: number): number {
    const roles = this.roles as Int8Array;
    const n = roles.length;
    const view = this.view as DataView;
    const bufLen = buf.length;
    let p = pos;
    let ts = 0,
      run = 0,
      size = 0;
    let col = 0;
    let prefixEnd = -1;
    let tsLen = -1;
    let mant = 0,
      decimals = -1;
    if (this.prevStart >= 0 && this.prefixPause === 0) {
      const len = this.prevPrefixLen;
      if (pos + len < bufLen && sameBytes(view, this.prevStart, view, pos, len)) {
        ts = this.prevTs;
        run = this.prevRun;
        tsLen = this.prevTsLen;
        mant = this.prevMant;
        decimals = this.prevDecimals;
        p = prefixEnd = pos + len;
        col = this.prefixCols;
        this.prefixMisses = 0;
      } else if (++this.prefixMisses === 16) {
        this.prefixPause = 1024;
        this.prefixMisses = 0;
      }
    } else if (this.prefixPause > 0) {
      this.prefixPause--;
    }
    let tailStart = -1,
      sizeStart = -1;
    for (; col < n; col++) {
      if (col === this.prefixCols) {
        prefixEnd = p;
        if (this.tails !== null) {
          // Module and variable as the guessed variable's last row had them, in one comparison.
          const v = this.nextVariable[this.lastVariable] ?? -1;
          const len = v < 0 ? -1 : this.tails.matchAt(v, buf, view, p);
          if (len > 0) {
            this.rowVariable = v;
            this.rowModule = this.tails.moduleOf(v);
            if ((p = this.count(buf, p + len, LF)) < 0) return -1;
            size = this.fieldValue;
            break;
          }
          tailStart = p;
        }
      }
      const stop = col === n - 1 ? LF : TAB;
      const role = roles[col] as number;
      const start = p;
      if (role === RUN || role === SIZE) {
        if (role === SIZE) sizeStart = p;
        if ((p = this.count(buf, p, stop)) < 0) return -1;
        if (role === RUN) run = this.fieldValue;
        else size = this.fieldValue;
      } else if (role === TS) {
        if ((p = this.time(buf, p, stop)) < 0) return -1;
        ts = this.fieldValue;
        if (col === 0) {
          tsLen = p - pos;
          mant = this.timeMant;
          decimals = this.timeDecimals;
        }
      } else {
        // Rows repeat: the node is usually the last row's, the variable the one that followed the
        // last variable in an earlier dump, the module that variable's. A right guess is confirmed
        // by one byte comparison, with no hashing or table probe.
        if (role !== IGNORE) {
          const guess = role === NODE ? this.lastNode : role === VARIABLE ? (this.nextVariable[this.lastVariable] ?? -1) : this.guessModule();
          if (guess >= 0) {
            const len = this.interner.matchAt(guess, buf, view, start);
            if (len >= 0 && buf[start + len] === stop) {
              p = start + len;
              this.take(role, guess);
              if (stop === TAB) p++;
              continue;
            }
          }
        }
        // Four bytes at a time: find the first tab or newline in a word (SWAR), hash whole words.
        let h = 0x811c9dc5 | 0;
        let w = 0,
          k = 4;
        while (p + 4 <= bufLen) {
          w = view.getUint32(p, true);
          const t = w ^ 0x09090909,
            l = w ^ 0x0a0a0a0a;
          const m = (((t - 0x01010101) & ~t) | ((l - 0x01010101) & ~l)) & 0x80808080;
          if (m === 0) {
            h = Math.imul(h ^ w, 16777619);
            p += 4;
            continue;
          }
          k = (31 - Math.clz32(m & -m)) >> 3;
          break;
        }
        if (k === 4) {
          // Near the end of the buffer: byte by byte (a newline always follows within it).
          w = 0;
          k = 0;
          while (buf[p + k] !== TAB && buf[p + k] !== LF) w |= (buf[p + k] as number) << (8 * k++);
        } else {
          w &= k === 0 ? 0 : 0xffffffff >>> (32 - 8 * k);
        }
        if (k > 0) h = Math.imul(h ^ w, 16777619);
        p += k;
        if (buf[p] !== stop || buf[p - 1] === CR) return -1;
        if (role === IGNORE) continue;
        if (p - start === 1 && buf[start] === DASH) return -1; // unset: the generic path decides
        this.take(role, this.interner.lookupEntry(buf, view, start, p, h));
      }
      if (stop === TAB) p++;
    }
    if (tailStart >= 0 && sizeStart > tailStart) this.tails?.set(this.rowVariable, this.rowModule, buf, tailStart, sizeStart);
    if (this.prefixCols > 0 && prefixEnd >= 0) {
      this.prevStart = pos;
      this.prevPrefixLen = prefixEnd - pos;
      this.prevTs = ts;
      this.prevRun = run;
      this.prevTsLen = tsLen;
      this.prevMant = mant;
      this.prevDecimals = decimals;
    }
    const interner = this.interner;
    this.lineNo++;
    this.stats.records++;
    this.onRow(ts, run, interner.idOfEntry(this.rowNode), interner.idOfEntry(this.rowModule), interner.idOfEntry(this.rowVariable), size, this.lineNo);
    this.lastNode = this.rowNode;
    if (this.lastVariable >= 0) this.nextVariable[this.lastVariable] = this.rowVariable;
    this.moduleOfVariable[this.rowVariable] = this.rowModule;
    this.lastVariable = this.rowVariable;
    return p;
  }

  /**
   * A time (digits with at most one dot, 1-16 digits) from p up to `stop`: its end, the value in
   * fieldValue (mantissa / 10^decimals: exact up to 2^53, the double Number() gives); -1 if it is none.
   */
  private time(buf: Buffer, p: number, stop: number): number {
    const view = this.view as DataView;
    const bufLen = buf.length;
    let mant = 0,
      decimals = -1,
      digits = 0;
    for (;;) {
      if (p + 4 <= bufLen) {
        // Four digits at once (SWAR) when the next four bytes are all digits.
        const w = view.getUint32(p, true);
        if ((w & 0xf0f0f0f0) === 0x30303030 && ((w + 0x06060606) & 0xf0f0f0f0) === 0x30303030) {
          mant = mant * 10000 + fourDigits(w);
          digits += 4;
          if (decimals >= 0) decimals += 4;
          p += 4;
          continue;
        }
      }
      const b = buf[p] as number;
      if (b === stop) break;
      if (b === DOT && decimals < 0) {
        decimals = 0;
      } else {
        const d = b - 48;
        if (d < 0 || d > 9) return -1;
        mant = mant * 10 + d;
        digits++;
        if (decimals >= 0) decimals++;
      }
      p++;
    }
    if (digits === 0 || digits > 16 || mant > Number.MAX_SAFE_INTEGER) return -1;
    this.fieldValue = decimals > 0 ? mant / (POW10[decimals] as number) : mant;
    this.timeMant = mant;
    this.timeDecimals = decimals;
    return p;
  }

  /**
   * The time at the start of a row, as time(buf, pos, TAB) reads it, when it is the row before's
   * time but for its last four digits (Zeek writes times as %.6f, so rows stamped apart by less
   * than 10 ms): the bytes before those compared in one go, the mantissa moved by the difference of
   * the two 4-digit tails. Exact: every mantissa is an integer below 2^53, divided as time() does.
   */
  private timeAfter(buf: Buffer, pos: number, tsLen: number): number {
    const decimals = this.prevDecimals;
    const view = this.view as DataView;
    // The tab after the time needs no check here: the run's and node's bytes compared next begin with it.
    if (decimals >= 4 && pos + tsLen < buf.length && sameBytes(view, this.prevStart, view, pos, tsLen - 4)) {
      const w = view.getUint32(pos + tsLen - 4, true);
      if ((w & 0xf0f0f0f0) === 0x30303030 && ((w + 0x06060606) & 0xf0f0f0f0) === 0x30303030) {
        const mant = this.prevMant - fourDigits(view.getUint32(this.prevStart + tsLen - 4, true)) + fourDigits(w);
        if (mant <= Number.MAX_SAFE_INTEGER) {
          this.fieldValue = mant / (POW10[decimals] as number);
          this.timeMant = mant;
          this.timeDecimals = decimals;
          return pos + tsLen;
        }
      }
    }
    return this.time(buf, pos, TAB);
  }

  /** A count (digits only, 1-15 of them) from p up to `stop`: its end, the value in fieldValue; -1 if it is none. */
  private count(buf: Buffer, p: number, stop: number): number {
    const start = p;
    let v = 0;
    for (let b = buf[p] as number; b !== stop; b = buf[++p] as number) {
      const d = b - 48;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    if (p === start || p - start > 15) return -1;
    this.fieldValue = v;
    return p;
  }

  private guessModule(): number {
    const v = this.nextVariable[this.lastVariable] ?? -1;
    return v < 0 ? -1 : (this.moduleOfVariable[v] ?? -1);
  }

  private take(role: number, entry: number): void {
    if (role === NODE) this.rowNode = entry;
    else if (role === MODULE) this.rowModule = entry;
    else if (role === VARIABLE) this.rowVariable = entry;
  }

  /**
   * The one shape Zeek's JSON writer gives a my_stats row (keys in column order, no spaces):
   * `{"ts":N,"run":N,"node":"S","module_name":"S","variable":"S","size":N}`. Anything else (escapes
   * in a string, an omitted field, other keys) returns -1 for the generic JSON reader.
   */
  private scanJsonFast(buf: Buffer, pos: number): number {
    const view = this.view as DataView;
    let p = this.expect(buf, pos, JSON_TS);
    if (p < 0 || (p = this.jsonNumber(buf, p, true)) < 0) return -1;
    const ts = this.fieldValue;
    if ((p = this.expect(buf, p, JSON_RUN)) < 0 || (p = this.jsonNumber(buf, p, false)) < 0) return -1;
    const run = this.fieldValue;
    if ((p = this.expect(buf, p, JSON_NODE)) < 0 || (p = this.jsonString(buf, view, p)) < 0) return -1;
    const node = this.fieldValue;
    if ((p = this.expect(buf, p, JSON_MODULE)) < 0 || (p = this.jsonString(buf, view, p)) < 0) return -1;
    const module = this.fieldValue;
    if ((p = this.expect(buf, p, JSON_VARIABLE)) < 0 || (p = this.jsonString(buf, view, p)) < 0) return -1;
    const variable = this.fieldValue;
    if ((p = this.expect(buf, p, JSON_SIZE)) < 0 || (p = this.jsonNumber(buf, p, false)) < 0) return -1;
    const size = this.fieldValue;
    if (buf[p] !== 0x7d /* } */ || buf[p + 1] !== LF) return -1;
    this.lineNo++;
    this.stats.records++;
    this.onRow(ts, run, node, module, variable, size, this.lineNo);
    return p + 1;
  }

  /** Position after `bytes` if buf holds them at p, else -1. */
  private expect(buf: Buffer, p: number, bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; i++) if (buf[p + i] !== bytes[i]) return -1;
    return p + bytes.length;
  }

  /** A plain decimal (time) or count ending at ',' or '}'; the value goes to fieldValue. */
  private jsonNumber(buf: Buffer, p: number, isTime: boolean): number {
    const start = p;
    let mant = 0,
      decimals = -1;
    for (;;) {
      const b = buf[p] as number;
      if (b === 0x2c || b === 0x7d) break;
      if (b === DOT && isTime && decimals < 0) {
        decimals = 0;
      } else {
        const d = b - 48;
        if (d < 0 || d > 9) return -1;
        mant = mant * 10 + d;
        if (decimals >= 0) decimals++;
      }
      p++;
    }
    const digits = p - start - (decimals >= 0 ? 1 : 0);
    if (digits === 0 || digits > (isTime ? 16 : 15) || mant > Number.MAX_SAFE_INTEGER) return -1;
    this.fieldValue = decimals > 0 ? mant / (POW10[decimals] as number) : mant;
    return p;
  }

  /** A JSON string without escapes up to its closing quote; its id goes to fieldValue. */
  private jsonString(buf: Buffer, view: DataView, p: number): number {
    const start = p;
    let h = 0x811c9dc5 | 0;
    for (;;) {
      const b = buf[p] as number;
      if (b === 0x22 /* " */) break;
      if (b === 0x5c /* \ */ || b === LF || b < 0x20) return -1;
      h = Math.imul(h ^ b, 16777619);
      p++;
    }
    // This interner only ever sees byte-wise hashes, so they need not match the ASCII path's.
    this.fieldValue = this.jsonInterner.lookup(buf, view, start, p, h);
    return p;
  }
}

/** The value of four ASCII digits read as a little-endian word (SWAR: two multiply-and-mask steps). */
function fourDigits(w: number): number {
  let d = w - 0x30303030;
  d = (d * 10 + (d >>> 8)) & 0x00ff00ff;
  return (d * 100 + (d >>> 16)) & 0xffff;
}

/** How many columns from the first are time, run or node (0: the first is none of them). */
function leadingKeyColumns(roles: Int8Array): number {
  let n = 0;
  while (n < roles.length && (roles[n] === TS || roles[n] === RUN || roles[n] === NODE)) n++;
  return n;
}

/** Whether the columns after the first `from` are module, variable and size, the last three. */
function endsWithTail(roles: Int8Array, from: number): boolean {
  return roles.length === from + 3 && roles[from] === MODULE && roles[from + 1] === VARIABLE && roles[from + 2] === SIZE;
}

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

const JSON_TS = ascii('{"ts":');
const JSON_RUN = ascii(',"run":');
const JSON_NODE = ascii(',"node":"');
const JSON_MODULE = ascii('","module_name":"');
const JSON_VARIABLE = ascii('","variable":"');
const JSON_SIZE = ascii('","size":');
