import type { SourceLocation } from '../errors.js';
import type { RowColumns } from './row-columns.js';
import type { LogReadStats } from './types.js';

// Messages between the parallel my_stats reader (parallel-scan.ts) and its workers (scan-worker.ts).

export type ScanErrorKind = 'format' | 'environment' | 'config';

export interface ScanTask {
  id: number;
  file: string;
  skipMalformed: boolean;
  /**
   * A part of a plain file: the lines whose first byte is in [start, end), read behind `header`
   * (the file's header lines up to this part; '' for the first part, which reads from byte 0).
   * Without it, the whole file (plain or gzip).
   */
  range?: { index: number; start: number; end: number; header: string; json: boolean };
}

/**
 * Rows as numbers; node, module and variable are ids into the worker's string table. Line numbers
 * as the worker counted them (a part: from its header's first line). The arrays are shared
 * memory; `length` says how many rows they hold.
 */
export type TaskRows = Pick<RowColumns, 'length' | 'ts' | 'run' | 'node' | 'module' | 'variable' | 'size' | 'line'>;

export interface ScanResult {
  /** Strings the worker's table gained since its previous answer, in id order. */
  strings: string[];
  rows: TaskRows;
  stats: LogReadStats;
  /** Lines of the part itself (not of the header it was given). */
  ownLines: number;
  /** Header lines (`#...`) met in the part, in order. */
  headerLines: string[];
  /** A ConfigError, EnvironmentError or LogFormatError, with its message (without the location) and where. */
  error?: { kind: ScanErrorKind; message: string; location?: SourceLocation };
}
