import { LogFormatError } from '../errors.js';
import type { LogReadStats, ZeekRecord } from './types.js';

/** A format's line-by-line parser. Records go to `out` so the reader can hand them on in batches. */
export interface LogLineParser {
  /** One complete line (without its newline), 1-based number. */
  line(text: string, lineNo: number, out: ZeekRecord[]): void;
  /** The bytes after the last newline, if any: a record only if the format can prove it complete. */
  end(partial: string | null, lineNo: number, out: ZeekRecord[]): void;
}

/** Decides what a bad line does: throw with file, line and field, or count it when skipping. */
export class MalformedLinePolicy {
  private firstSkipped: string | undefined;
  private skipped = 0;

  constructor(
    private readonly stats: LogReadStats,
    private readonly skip: boolean,
  ) {}

  report(message: string, line: number, field?: string): void {
    const error = new LogFormatError(message, { file: this.stats.file, line, field });
    if (!this.skip) throw error;
    this.stats.skippedLines++;
    this.skipped++;
    this.firstSkipped ??= error.message;
  }

  /** Adds one summary warning for the skipped lines (call once, at the end). */
  summarize(): void {
    if (this.skipped > 0) {
      this.stats.warnings.push(`${this.stats.file}: skipped ${this.skipped} malformed line(s) (--skip-malformed); first: ${this.firstSkipped ?? ''}`);
    }
  }
}
