/**
 * A typed Zeek log value. `null` is an unset field (`-` in ASCII, an omitted key in JSON).
 * Counts beyond 2^53 are bigint so no footprint or counter ever loses precision.
 */
export type ZeekValue = string | number | bigint | boolean | null | ZeekValue[];

export interface ZeekRecord {
  /** 1-based line number in the (decompressed) file. */
  line: number;
  /** The log's path (`#path`, or the file name's first part for JSON logs). */
  path: string;
  values: Record<string, ZeekValue>;
}

export interface LogReadStats {
  file: string;
  format: 'ascii' | 'json' | 'empty';
  compressed: boolean;
  /**
   * ASCII: the last header block ended with `#close`. JSON has no close marker: true when the file
   * ends with a complete line. Empty files: false (Zeek may have been killed before its first write).
   */
  closed: boolean;
  records: number;
  skippedLines: number;
  /** Number of `#fields` lines seen (JSON: 0). */
  headerBlocks: number;
  warnings: string[];
}
