/**
 * What went wrong, for callers that must react differently (a trace cut short while being written
 * is still readable up to the cut; a corrupt one is not):
 * - `not-a-trace`: neither pcap nor pcapng (empty, gzip-compressed, another format);
 * - `truncated`: the file ends inside a header, record or block;
 * - `unsupported`: a pcap/pcapng version this reader does not know;
 * - `corrupt`: a length or reference that cannot be right.
 */
export type PcapFailure = 'not-a-trace' | 'truncated' | 'unsupported' | 'corrupt';

/** A file that is not a readable pcap/pcapng trace. Carries the byte offset where reading failed. */
export class PcapFormatError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    reason: string,
    readonly kind: PcapFailure = 'corrupt',
  ) {
    super(`${file}: ${reason}`);
    this.name = 'PcapFormatError';
  }
}
