import { LineCarry, MAX_LINE_BYTES } from './line-carry.js';

/**
 * Splits a byte stream into lines without readline (several times slower) and without holding more
 * than one chunk plus one partial line. Only the complete-lines part of a chunk is decoded, so a
 * multi-byte UTF-8 character split across chunks is never mangled (0x0A never occurs inside one).
 * A trailing CR is dropped (CRLF files). A partial line grows in a LineCarry: linear in its length,
 * and refused past `maxLineBytes` with a LogFormatError naming `file` and the line.
 */
export class LineSplitter {
  private readonly carry: LineCarry;
  /** Complete lines handed out so far. */
  private lines = 0;

  constructor(file = '(input)', maxLineBytes = MAX_LINE_BYTES) {
    this.carry = new LineCarry(file, maxLineBytes);
  }

  /** Bytes copied to carry lines across chunks (linear in the input; for tests and benchmarks). */
  get copiedBytes(): number {
    return this.carry.copiedBytes;
  }

  /** Calls onLine for every complete line the chunk finishes. */
  push(chunk: Buffer, onLine: (line: string) => void): void {
    const lastNl = chunk.lastIndexOf(0x0a);
    if (lastNl < 0) {
      this.carry.append(chunk, 0, chunk.length, this.lines + 1);
      return;
    }
    let text: string;
    if (this.carry.length > 0) {
      this.carry.append(chunk, 0, lastNl + 1, this.lines + 1);
      text = this.carry.bytes().toString('utf8');
      this.carry.clear();
    } else {
      text = chunk.toString('utf8', 0, lastNl + 1);
    }
    this.lines += splitText(text, onLine);
    this.carry.append(chunk, lastNl + 1, chunk.length, this.lines + 1);
  }

  /** The bytes after the last newline, decoded (null when the input ended with a newline). */
  finish(): string | null {
    if (this.carry.length === 0) return null;
    let text = this.carry.bytes().toString('utf8');
    this.carry.clear();
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return text;
  }
}

function splitText(text: string, onLine: (line: string) => void): number {
  let start = 0;
  let count = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return count;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    count++;
    onLine(text.slice(start, end));
    start = nl + 1;
  }
}
