/**
 * Address text as Zeek prints it, from the binary form: IPv4 dotted quads, IPv4-mapped IPv6 as IPv4
 * (Zeek keeps IPv4 addresses as mapped IPv6 internally and prints them so), other IPv6 as glibc's
 * inet_ntop does. Shared by the log encoder (zeek-log/) and the packet decoder (pcap/), so an address
 * read off the wire and one written to a log can never be spelt two ways.
 */

export function ipv4Text(octets: ArrayLike<number>): string {
  return `${octets[0]}.${octets[1]}.${octets[2]}.${octets[3]}`;
}

/** Eight 16-bit groups as Zeek prints them (IPv4-mapped ones as IPv4). */
export function ipv6Text(words: readonly number[]): string {
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) return ipv4Text(wordOctets(words));
  return inetNtop6(words);
}

/** The 16 bytes of an IPv6 address at `at` in `buf`, as Zeek prints them. */
export function ipv6TextAt(buf: Uint8Array, at: number): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((buf[at + i]! << 8) | buf[at + i + 1]!);
  return ipv6Text(words);
}

function wordOctets(words: readonly number[]): number[] {
  const w6 = words[6] ?? 0;
  const w7 = words[7] ?? 0;
  return [w6 >> 8, w6 & 0xff, w7 >> 8, w7 & 0xff];
}

/** glibc inet_ntop(AF_INET6): the first longest run of two or more zero groups becomes `::`. */
function inetNtop6(words: readonly number[]): string {
  let bestBase = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestBase = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestLength < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // An IPv4-compatible address (first 96 bits zero) keeps its dotted tail.
    if (i === 6 && bestBase === 0 && (bestLength === 6 || (bestLength === 5 && words[5] === 0xffff))) {
      out += ipv4Text(wordOctets(words));
      break;
    }
    out += (words[i] as number).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLength === 8) out += ':';
  return out;
}
