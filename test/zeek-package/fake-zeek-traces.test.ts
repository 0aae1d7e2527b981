// The fake reads every capture format Zeek reads, and nothing else.
import { existsSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE, TESTING } from './helpers/paths.js';
import { pcapng, pcapVariant, readPackets, writePcap } from './helpers/pcap-writer.js';
import { runFakeZeek, tempDir } from './helpers/run-fake-zeek.js';
import { column, readAsciiLog } from './helpers/zeek-log.js';

const SCRIPTS = join(PACKAGE, 'scripts');
const LONG = join(TESTING, 'traces', 'long.pcap');
const packets = await readPackets(LONG);
const work = tempDir();
afterAll(() => work.remove());

async function summary(trace: string) {
  const dir = join(work.path, `run-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  const r = await runFakeZeek(['-C', '-r', trace, SCRIPTS, 'my_stats::run_interval=10sec'], dir);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  const runs = readAsciiLog(join(dir, 'my_stats_runs.log'));
  const conns = existsSync(join(dir, 'conn.log')) ? readAsciiLog(join(dir, 'conn.log')) : { rows: [] };
  return {
    dumps: runs.rows.map((row) => `${row.network_time} ${row.reason}`),
    connections: conns.rows.map((row) => `${row.ts} ${row['id.orig_h']}:${row['id.orig_p']} ${row['id.resp_h']}:${row['id.resp_p']} ${row.orig_pkts}/${row.resp_pkts} ${row.duration}`),
  };
}

describe('trace formats', () => {
  test('the committed long.pcap: 9 connections of 8 packets, dumps at packet times', async () => {
    const s = await summary(LONG);
    expect(s.dumps).toEqual([
      '1700000000.000000 first',
      '1700000010.050000 interval',
      '1700000020.100000 interval',
      '1700000026.700000 final',
    ]);
    expect(s.connections).toHaveLength(9);
    expect(s.connections[0]).toBe('1700000000.000000 10.0.0.1:40000 10.0.0.2:7 5/3 0.700000');
  });

  test.each([
    ['pcap, big-endian', pcapVariant(packets, { bigEndian: true })],
    ['pcap, nanoseconds', pcapVariant(packets, { nanoseconds: true })],
    ['pcap, big-endian nanoseconds', pcapVariant(packets, { bigEndian: true, nanoseconds: true })],
    ['pcapng, little-endian', pcapng(packets)],
    ['pcapng, big-endian, nanosecond resolution', pcapng(packets, { bigEndian: true, tsresol: 9 })],
  ])('%s reads the same as the pcap', async (_name, data) => {
    const file = join(work.path, `variant-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, data);
    expect(await summary(file)).toEqual(await summary(LONG));
  });

  test('truncated and empty files are reported as libpcap reports them', async () => {
    const empty = join(work.path, 'empty-file.pcap');
    writeFileSync(empty, '');
    const short = join(work.path, 'short-header.pcap');
    await writePcap(short, []);
    truncateSync(short, 10);
    const a = await runFakeZeek(['-r', empty], work.path);
    expect(a.stderr).toBe(`fatal error: problem with trace file ${empty} (truncated dump file; tried to read 4 file header bytes, only got 0)\n`);
    const b = await runFakeZeek(['-r', short], work.path);
    expect(b.stderr).toBe(`fatal error: problem with trace file ${short} (truncated dump file; tried to read 20 file header bytes, only got 6)\n`);
    expect([a.exitCode, b.exitCode]).toEqual([1, 1]);
  });

  test('a trace without packets gives the single "final" dump, at network time 0', async () => {
    const s = await summary(join(TESTING, 'traces', 'empty.pcap'));
    expect(s.dumps).toEqual(['0.000000 final']);
    expect(s.connections).toEqual([]);
  });

  test('conn.log is skipped in bare mode (-b), like base/protocols/conn is', async () => {
    const dir = join(work.path, 'bare');
    mkdirSync(dir);
    await runFakeZeek(['-b', '-C', '-r', LONG, SCRIPTS], dir);
    expect(existsSync(join(dir, 'conn.log'))).toBe(false);
    expect(column(readAsciiLog(join(dir, 'my_stats_runs.log')), 'reason')).toEqual(['first', 'final']);
  });
});
