/**
 * readPcapInfo and the decoder against the real traces in ../shared/pcaps. The expected packet counts,
 * spans and bad-checksum packets were taken from tcpdump 4.99 (`tcpdump -nn -tt -vv -r FILE`), an
 * independent libpcap-based reader. Skipped when ../shared is not there.
 */
import path from 'node:path';
import { iteratePackets } from '../../harness/pcap/decode-packet.js';
import { readPcapInfo } from '../../harness/pcap/pcap-info.js';
import { gunzipTo, HAVE_SHARED_PCAPS, makeTempDir, removeDir, SHARED_PCAPS } from '../workloads/trace-helpers.js';

const describeShared = HAVE_SHARED_PCAPS ? describe : describe.skip;

// file, packets, earliest ts, latest ts (tcpdump; these traces are in time order except echo-connections).
const EXPECTED: Array<[string, number, number, number]> = [
  ['dns-edns-ecs.pcap', 89, 1463559350.492846, 1560869916.475993],
  ['ftp-cwd-navigation.pcap', 8317, 1464385864.999633, 1464386465.930676],
  ['http-bro.org.pcap', 751, 1389719041.819644, 1389719059.311698],
  ['http-http-post-large.pcap', 38, 1567010592.62468, 1567010639.159547],
  ['modbus-modbusBig.pcap', 13622, 1381967744.641998, 1381967802.468566],
  ['smb-smb2.pcap', 1178, 1323202695.370647, 1323202695.80397],
  ['ssh-ssh.pcap', 1797, 1324071333.493287, 1421041528.379372],
  ['tls-ssl.v3.pcap', 252, 1170717505.366729, 1170717531.882302],
  ['wikipedia.pcap', 136, 1300475167.096535, 1300475173.475401],
  ['echo-connections.pcap.gz', 82582, 1627225020.68647, 1627225027.180797],
  ['portmapper-many-unanswered-calls.pcapng.gz', 189, 1782725176, 1782725177.879998],
  ['smb-smb_many_open_files_500.pcap.gz', 500, 1659460970.430587, 1659460971.356215],
  ['smtp-smtp-many-addresses.pcap.gz', 2508, 1785968796.471478, 1785968796.739158],
];

describeShared('real traces in ../shared/pcaps', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await makeTempDir('real-traces');
  });
  afterAll(() => removeDir(tmp));

  async function local(name: string): Promise<string> {
    const src = path.join(SHARED_PCAPS, name);
    return name.endsWith('.gz') ? gunzipTo(src, path.join(tmp, name.slice(0, -3))) : src;
  }

  test.each(EXPECTED)('%s: %i packets', async (name, packets, first, last) => {
    const info = await readPcapInfo(await local(name));
    expect(info.format).toBe(name.includes('.pcapng') ? 'pcapng' : 'pcap');
    expect(info.linktype).toBe(1);
    expect(info.packets).toBe(packets);
    expect(info.firstTs).toBeCloseTo(first, 5);
    expect(info.lastTs).toBeCloseTo(last, 5);
    expect(info.dataBytes).toBeGreaterThan(packets * 14);
    expect(info.dataBytes).toBeLessThan(info.bytes);
  });

  test('a gzip trace is refused with advice to decompress it', async () => {
    await expect(readPcapInfo(path.join(SHARED_PCAPS, 'smb-smb_many_open_files_500.pcap.gz'))).rejects.toThrow(/gzip-compressed/);
  });

  test('checksum verdicts agree with tcpdump on real packets', async () => {
    // wikipedia.pcap: every IPv4 TCP/UDP checksum is correct.
    let checked = 0;
    for await (const p of iteratePackets(path.join(SHARED_PCAPS, 'wikipedia.pcap'))) {
      const l4 = p.tcp ?? p.udp;
      if (!p.ipv4 || !l4) continue;
      expect(p.ipv4.headerChecksumOk).toBe(true);
      expect(l4.checksumOk).toBe(true);
      checked++;
    }
    expect(checked).toBe(121);
    // dns-edns-ecs.pcap: tcpdump flags exactly these IPv4 packets (1-based) as having bad TCP/UDP checksums.
    const bad: number[] = [];
    for await (const p of iteratePackets(path.join(SHARED_PCAPS, 'dns-edns-ecs.pcap'))) {
      const l4 = p.tcp ?? p.udp;
      if (p.ipv4 && l4?.checksumOk === false) bad.push(p.index + 1);
    }
    expect(bad).toEqual([3, 5, 6, 7, 83, 88]);
  });
});
