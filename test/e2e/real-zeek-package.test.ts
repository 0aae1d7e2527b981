// The package's per-connection footprints, rss and packets on a real Zeek (run only where one is
// found; reported skipped otherwise): the figures the fake zeek models must be what Zeek writes.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { useTempDir } from '../helpers/temp-dir.js';
import { REPO } from '../helpers/run-cli.js';
import { REAL_ZEEK, withRealZeek } from '../helpers/real-zeek.js';
import { packageArgs, SEED_FILE } from '../../harness/zeek-package.js';

const tmp = useTempDir();
const SCRIPTS = path.join(REPO, 'test', 'fixtures', 'zeek-scripts');
const HTTP_BRO = path.join(REPO, '..', 'shared', 'pcaps', 'http-bro.org.pcap');

/** The data rows of an ASCII log as objects keyed by the #fields names. */
function rows(file: string): Record<string, string>[] {
  let fields: string[] = [];
  const out: Record<string, string>[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#fields\t')) fields = line.split('\t').slice(1);
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split('\t');
    out.push(Object.fromEntries(fields.map((f, i) => [f, cells[i] ?? ''])));
  }
  return out;
}

async function zeek(trace: string, extra: string[]): Promise<string> {
  const dir = path.join(tmp(), `run-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  await execa(REAL_ZEEK!, ['-C', '-r', trace, '-G', SEED_FILE, ...packageArgs({ runInterval: 10 }), ...extra], { cwd: dir });
  return dir;
}

withRealZeek('a connection field with an entry per packet: 1260 in the largest connection of http-bro.org, named by its uid', async () => {
  if (!existsSync(HTTP_BRO)) throw new Error(`${HTTP_BRO} is missing: the real-Zeek test needs ../shared/pcaps`);
  const dir = await zeek(HTTP_BRO, [path.join(SCRIPTS, 'zoo-pending.zeek')]);
  const zoo = rows(path.join(dir, 'my_stats_conns.log')).filter((r) => r.field === 'zoo_pending');
  const worst = zoo.reduce((a, b) => (Number(b.max) > Number(a.max) ? b : a));
  expect(Number(worst.max)).toBe(1260);
  const conn = rows(path.join(dir, 'conn.log')).find((c) => c.uid === worst.max_uid);
  expect(worst.max_id).toBe(`${conn?.['id.orig_h']}:${conn?.['id.orig_p']}/tcp -> ${conn?.['id.resp_h']}:${conn?.['id.resp_p']}/tcp`);
  const whole = rows(path.join(dir, 'my_stats_conns.log')).filter((r) => r.field === '(connection)');
  expect(whole.length).toBeGreaterThan(0);

  const runs = rows(path.join(dir, 'my_stats_runs.log'));
  for (const r of runs) expect(Number(r.rss)).toBeGreaterThan(0);
  // Every packet of the trace, counted once over the dumps (751 in http-bro.org.pcap).
  expect(runs.reduce((sum, r) => sum + Number(r.packets), 0)).toBe(751);
  const connsRows = rows(path.join(dir, 'my_stats_conns.log')).length;
  expect(runs.reduce((sum, r) => sum + Number(r.conns_logged), 0)).toBe(connsRows);

  const drained = await zeek(HTTP_BRO, [path.join(SCRIPTS, 'zoo-pending-drained.zeek')]);
  for (const r of rows(path.join(drained, 'my_stats_conns.log')).filter((x) => x.field === 'zoo_pending')) {
    expect(Number(r.max)).toBeLessThanOrEqual(36);
  }
});

withRealZeek('conn_footprints=F: no my_stats_conns.log, and my_stats.log as with it on but for the log streams', async () => {
  const trace = path.join(REPO, 'zeek-package', 'testing', 'traces', 'conns.pcap');
  const on = await zeek(trace, []);
  const off = await zeek(trace, ['my_stats::conn_footprints=F']);
  expect(existsSync(path.join(on, 'my_stats_conns.log'))).toBe(true);
  expect(existsSync(path.join(off, 'my_stats_conns.log'))).toBe(false);
  const streams = /^Log::(active_streams|all_streams|filters|stream_filters)$/;
  const footprints = (dir: string) =>
    rows(path.join(dir, 'my_stats.log'))
      .filter((r) => !streams.test(r.variable ?? ''))
      .map((r) => `${r.run} ${r.variable} ${r.size}`);
  expect(footprints(off)).toEqual(footprints(on));
  const log = (dir: string) => rows(path.join(dir, 'my_stats.log')).filter((r) => streams.test(r.variable ?? ''));
  const perStream: Record<string, number> = { 'Log::active_streams': 24, 'Log::all_streams': 24, 'Log::filters': 30, 'Log::stream_filters': 6 };
  const offLog = log(off);
  log(on).forEach((r, i) => expect(Number(r.size) - Number(offLog[i]?.size)).toBe(perStream[r.variable ?? '']));
});
