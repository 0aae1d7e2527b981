/**
 * Reassembles IP datagrams from their fragments, as Zeek's fragment manager does before any
 * connection sees them: fragments are kept by (version, source, destination, id) until the data
 * from offset 0 to the end of the last fragment is all there, then the whole datagram is one packet.
 * Like Zeek with its default `frag_timeout` of 0, a datagram that never completes is kept.
 */
import type { DecodedIp } from './decode-ip.js';

interface Pending {
  pieces: Array<{ offset: number; data: Uint8Array }>;
  /** Datagram data length, known once the last fragment (more = false) has arrived. */
  end: number | undefined;
}

export class FragmentReassembler {
  private readonly pending = new Map<string, Pending>();

  /** Datagrams still waiting for a fragment. */
  get waiting(): number {
    return this.pending.size;
  }

  /**
   * Adds the data of one fragment of `ip` (the bytes after its fragment header). Returns the whole
   * datagram's data (what follows the unfragmentable headers) once it is complete, else undefined.
   */
  add(ip: DecodedIp, data: Uint8Array): Buffer | undefined {
    const fragment = ip.fragment;
    if (!fragment) throw new Error('FragmentReassembler.add: not a fragment');
    const key = `${ip.version}|${ip.src}|${ip.dst}|${fragment.id}`;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { pieces: [], end: undefined };
      this.pending.set(key, entry);
    }
    entry.pieces.push({ offset: fragment.offset, data });
    if (!fragment.more) entry.end = fragment.offset + data.length;
    if (entry.end === undefined) return undefined;

    const pieces = [...entry.pieces].sort((a, b) => a.offset - b.offset);
    let covered = 0;
    for (const p of pieces) {
      if (p.offset > covered) return undefined;
      covered = Math.max(covered, p.offset + p.data.length);
    }
    if (covered < entry.end) return undefined;
    const whole = Buffer.alloc(entry.end);
    for (const p of pieces) if (p.offset < entry.end) whole.set(p.data.subarray(0, entry.end - p.offset), p.offset);
    this.pending.delete(key);
    return whole;
  }
}
