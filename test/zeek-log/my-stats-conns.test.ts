// The conns log and the runs log's newer columns, written by the project's Zeek encoder (ASCII) or
// as Zeek's JSON writer does, plain and gzip: every shape reads to the same rows; older runs logs
// and unset values read as absent, never as 0.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readConnections, readDumps, type ConnRow, type DumpRow } from '../../harness/zeek-log/my-stats.js';
import { myStatsLogTexts, writeMyStatsLogs, type LogStyle, type StatsDump } from '../helpers/my-stats-logs.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

const DUMPS: StatsDump[] = [
  { node: '', run: 1, ts: 1763820000.5, footprints: { 'Site::local_nets': 3 }, rss: 150 * 2 ** 20, packets: 0, conns: [] },
  {
    node: '',
    run: 2,
    ts: 1763820030.25,
    footprints: { 'Site::local_nets': 3 },
    rss: undefined,
    packets: 1200,
    conns: [
      { field: 'zoo_pending', connections: 3, total: 12300, max: 12004, uid: 'C8dAbj3', id: '10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp', live: true },
      { field: '(connection)', connections: 13, total: 2100, max: 219, uid: 'CHhAvV', id: '[2001:db8::1]:5353/udp -> [2001:db8::2]:53/udp' },
    ],
  },
];

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

const strip = <T extends { file: string; line: number }>(rows: T[]) => rows.map(({ file: _f, line: _l, ...rest }) => rest);

const STYLES: Array<[string, LogStyle]> = [
  ['ascii', { format: 'ascii' }],
  ['ascii gzip', { format: 'ascii', gzip: true }],
  ['json', { format: 'json' }],
  ['json gzip', { format: 'json', gzip: true }],
];

describe.each(STYLES)('%s', (_name, style) => {
  test('conns rows: one per field, sorted as written, the largest connection named', async () => {
    writeMyStatsLogs(tmp(), DUMPS, style);
    const file = path.join(tmp(), `my_stats_conns.log${style.gzip ? '.gz' : ''}`);
    const stream = readConnections(file);
    const rows = await all<ConnRow>(stream);
    expect(stream.stats.compressed).toBe(style.gzip === true);
    expect(stream.stats.format).toBe(style.format);
    expect(strip(rows)).toEqual([
      {
        ts: 1763820030.25,
        run: 2,
        node: '',
        field: '(connection)',
        connections: 13,
        total: 2100,
        max: 219,
        maxUid: 'CHhAvV',
        maxId: '[2001:db8::1]:5353/udp -> [2001:db8::2]:53/udp',
        live: false,
      },
      {
        ts: 1763820030.25,
        run: 2,
        node: '',
        field: 'zoo_pending',
        connections: 3,
        total: 12300,
        max: 12004,
        maxUid: 'C8dAbj3',
        maxId: '10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp',
        live: true,
      },
    ]);
    expect(rows[0]?.file).toBe(file);
  });

  test('runs rows: rss, packets and conns_logged when written; an unset rss is absent, not 0', async () => {
    writeMyStatsLogs(tmp(), DUMPS, style);
    const rows = await all<DumpRow>(readDumps(path.join(tmp(), `my_stats_runs.log${style.gzip ? '.gz' : ''}`)));
    expect(rows.map((r) => [r.run, r.rss, r.packets, r.connsLogged])).toEqual([
      [1, 150 * 2 ** 20, 0, 0],
      [2, undefined, 1200, 2],
    ]);
    expect('rss' in rows[1]!).toBe(false);
  });

  test('an older runs log (no rss, packets, conns_logged) reads without them', async () => {
    writeMyStatsLogs(tmp(), DUMPS, { ...style, runs: 'old' });
    const rows = await all<DumpRow>(readDumps(path.join(tmp(), `my_stats_runs.log${style.gzip ? '.gz' : ''}`)));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.peakRss).toBe(200 * 2 ** 20);
      expect(['rss', 'packets', 'connsLogged'].filter((k) => k in r)).toEqual([]);
    }
  });
});

test('a file without a conns column is not a conns log, named with its file and line', async () => {
  const text = myStatsLogTexts(DUMPS).my_stats_conns!.replace('\tmax_uid\t', '\tuid\t');
  writeFileSync(path.join(tmp(), 'my_stats_conns.log'), text);
  await expect(all(readConnections(path.join(tmp(), 'my_stats_conns.log')))).rejects.toThrow(
    /my_stats_conns\.log:\d+: not a my_stats_conns log: missing column 'max_uid' \(expected columns: ts run node field connections total max max_uid max_id live\)/,
  );
});

test('a bad value names the line and field; --skip-malformed counts it and goes on', async () => {
  const lines = myStatsLogTexts(DUMPS).my_stats_conns!.split('\n');
  const i = lines.findIndex((l) => l.includes('zoo_pending'));
  lines[i] = lines[i]!.replace(/\tT$/, '\t-');
  writeFileSync(path.join(tmp(), 'my_stats_conns.log'), lines.join('\n'));
  await expect(all(readConnections(path.join(tmp(), 'my_stats_conns.log')))).rejects.toThrow(
    new RegExp(`my_stats_conns\\.log:${i + 1} live: expected a bool \\(T or F\\), found an unset value`),
  );
  const skipping = readConnections(path.join(tmp(), 'my_stats_conns.log'), { skipMalformed: true });
  expect((await all(skipping)).map((r) => r.field)).toEqual(['(connection)']);
  expect(skipping.stats.skippedLines).toBe(1);
});
