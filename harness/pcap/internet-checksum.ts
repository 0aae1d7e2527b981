/**
 * The Internet checksum (RFC 1071): one's-complement sum of 16-bit big-endian words. Used for IPv4
 * headers and, over a pseudo-header, for TCP and UDP.
 */

/** Adds the bytes of buf[start, end) to a running 32-bit sum; an odd trailing byte is padded with zero. */
export function sumWords(buf: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if (i < end) sum += buf[i]! << 8;
  // Fold often enough that the sum never leaves the safe integer range for huge inputs.
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** Folds a running sum into the final 16-bit checksum value (complemented). */
export function finishChecksum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** Sum of the IPv4 TCP/UDP pseudo-header: source, destination, protocol and the L4 length. */
export function pseudoHeaderSum(src: number, dst: number, protocol: number, l4Length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + l4Length;
}
