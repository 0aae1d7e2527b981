/** The head of a generated HTTP/1.1 200 response; the Date comes from trace time, never the wall clock. */
export function okResponseHead(dateMs: number, contentType: string, length: number, connection: 'close' | 'keep-alive'): string {
  return (
    'HTTP/1.1 200 OK\r\n' +
    // Same spec, same bytes: the date follows the trace.
    `Date: ${new Date(dateMs).toUTCString()}\r\n` +
    'Server: nginx\r\n' +
    `Content-Type: ${contentType}\r\n` +
    `Content-Length: ${length}\r\n` +
    `Connection: ${connection}\r\n\r\n`
  );
}
