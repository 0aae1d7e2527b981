/** Minimal, well-formed DNS messages (RFC 1035): one question; the answer points back at it. */

export const DNS_TYPE_A = 1;
export const DNS_CLASS_IN = 1;

export interface DnsQuestion {
  id: number;
  name: string;
}

/** Standard query, recursion desired, one question for `name` IN A. */
export function buildDnsQuery(q: DnsQuestion): Buffer {
  const name = encodeName(q.name);
  const msg = Buffer.alloc(12 + name.length + 4);
  msg.writeUInt16BE(q.id, 0);
  msg.writeUInt16BE(0x0100, 2); // RD
  msg.writeUInt16BE(1, 4); // QDCOUNT
  name.copy(msg, 12);
  msg.writeUInt16BE(DNS_TYPE_A, 12 + name.length);
  msg.writeUInt16BE(DNS_CLASS_IN, 14 + name.length);
  return msg;
}

/** The answer to buildDnsQuery(q): the question echoed, then one A record named by a pointer to it. */
export function buildDnsAResponse(q: DnsQuestion, address: number, ttl: number): Buffer {
  const query = buildDnsQuery(q);
  const msg = Buffer.alloc(query.length + 16);
  query.copy(msg, 0);
  msg.writeUInt16BE(0x8180, 2); // QR, RD, RA, NOERROR
  msg.writeUInt16BE(1, 6); // ANCOUNT
  let o = query.length;
  msg.writeUInt16BE(0xc000 | 12, o); // compression pointer to the question name at offset 12
  msg.writeUInt16BE(DNS_TYPE_A, o + 2);
  msg.writeUInt16BE(DNS_CLASS_IN, o + 4);
  msg.writeUInt32BE(ttl, o + 6);
  msg.writeUInt16BE(4, o + 10);
  o += 12;
  msg.writeUInt32BE(address >>> 0, o);
  return msg;
}

function encodeName(name: string): Buffer {
  const labels = name.split('.').filter((l) => l !== '');
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'ascii');
    if (bytes.length > 63) throw new Error(`DNS label longer than 63 bytes in ${name}`);
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  const out = Buffer.concat(parts);
  if (out.length > 255) throw new Error(`DNS name longer than 255 bytes: ${name}`);
  return out;
}
