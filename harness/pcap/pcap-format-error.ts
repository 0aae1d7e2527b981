/** A file that is not a readable pcap/pcapng trace. Carries the byte offset where reading failed. */
export class PcapFormatError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'PcapFormatError';
  }
}
