/**
 * Splits a byte stream into lines without readline (several times slower) and without holding more
 * than one chunk plus one partial line. Only the complete-lines part of a chunk is decoded, so a
 * multi-byte UTF-8 character split across chunks is never mangled (0x0A never occurs inside one).
 * A trailing CR is dropped (CRLF files).
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Calls onLine for every complete line the chunk finishes. */
  push(chunk: Buffer, onLine: (line: string) => void): void {
    const lastNl = chunk.lastIndexOf(0x0a);
    if (lastNl < 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      return;
    }
    let text: string;
    if (this.pendingBytes > 0) {
      this.pending.push(chunk.subarray(0, lastNl + 1));
      text = Buffer.concat(this.pending, this.pendingBytes + lastNl + 1).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
    } else {
      text = chunk.toString('utf8', 0, lastNl + 1);
    }
    if (lastNl + 1 < chunk.length) {
      // Copy: the stream may reuse or pool the chunk's memory.
      const rest = Buffer.from(chunk.subarray(lastNl + 1));
      this.pending.push(rest);
      this.pendingBytes = rest.length;
    }
    splitText(text, onLine);
  }

  /** The bytes after the last newline, decoded (null when the input ended with a newline). */
  finish(): string | null {
    if (this.pendingBytes === 0) return null;
    let text = Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return text;
  }
}

function splitText(text: string, onLine: (line: string) => void): void {
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    onLine(text.slice(start, end));
    start = nl + 1;
  }
}
