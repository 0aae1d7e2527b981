// The `# fake-zeek:` directives: how a loaded script tells the fake what state
// its Zeek code would build.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE, TESTING } from './helpers/paths.js';
import { udpFrame, writePcap } from './helpers/pcap-writer.js';
import { runFakeZeek, tempDir } from './helpers/run-fake-zeek.js';
import { readAsciiLog } from './helpers/zeek-log.js';

const SCRIPTS = join(PACKAGE, 'scripts');
const work = tempDir();
afterAll(() => work.remove());
const T0 = 1700000000;

// UDP flows: flow i sends one packet at T0 + i; a keep-alive flow sends one
// packet every second until T0 + seconds so that timers get to fire.
async function trace(flows: number, seconds: number): Promise<string> {
  const packets = [];
  for (let i = 0; i < flows; i++) packets.push({ us: (T0 + i) * 1e6 + 500000, frame: udpFrame('10.0.0.1', '10.0.0.2', 10000 + i, 53) });
  for (let s = 0; s <= seconds; s++) packets.push({ us: (T0 + s) * 1e6, frame: udpFrame('10.0.0.9', '10.0.0.2', 9999, 123) });
  packets.sort((a, b) => a.us - b.us);
  const file = join(work.path, `trace-${flows}-${seconds}.pcap`);
  await writePcap(file, packets);
  return file;
}

async function sizes(script: string, traceFile: string, extra: string[] = []) {
  const dir = join(work.path, `run-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  const file = join(dir, 'test.zeek');
  writeFileSync(file, script);
  const r = await runFakeZeek(['-C', '-r', traceFile, SCRIPTS, file, 'my_stats::min_var_size_to_log=0', ...extra], dir);
  if (r.exitCode !== 0) return { error: r.stderr, exitCode: r.exitCode };
  const rows = readAsciiLog(join(dir, 'my_stats.log')).rows.filter((row) => row.module_name === 'Test' || (row.module_name === 'GLOBAL' && (row.variable ?? '').startsWith('test_')));
  return { rows: rows.map((row) => `${row.run} ${row.module_name} ${row.variable} ${row.size}`) };
}

describe('fake-zeek directives', () => {
  test('NAME = N: a constant footprint; a bare name is module GLOBAL', async () => {
    const s = await sizes('# fake-zeek: Test::table = 40\n# fake-zeek: test_plain = 7\nglobal test_plain: set[count];\n', await trace(0, 2));
    expect(s.rows).toEqual(['1 Test Test::table 40', '1 GLOBAL test_plain 7', '2 Test Test::table 40', '2 GLOBAL test_plain 7']);
  });

  test('+N per connection grows at removal: UDP after 60 s of inactivity, the rest at the end-of-trace flush', async () => {
    // 3 one-packet flows at T0+0.5, +1.5, +2.5, removed at the packets at T0+61, 62, 63; dumps at
    // T0, +30, +60, +90 and the final one at +100, after the flush removed the keep-alive flow.
    const s = await sizes('# fake-zeek: Test::removed +3 per connection\n', await trace(3, 100), ['my_stats::run_interval=30sec']);
    expect(s.rows).toEqual([
      '1 Test Test::removed 0',
      '2 Test Test::removed 0',
      '3 Test Test::removed 0',
      '4 Test Test::removed 9',
      '5 Test Test::removed 12',
    ]);
  });

  test('+N per new connection grows at the first packet', async () => {
    const s = await sizes('# fake-zeek: Test::seen +2 per new connection\n', await trace(3, 10), ['my_stats::run_interval=2sec']);
    // Dumps at T0 (before its packet is handled), T0+2 (keep-alive, flows 0 and 1), T0+4 (and flow 2),
    // +6, +8, +10 and the final one.
    expect(s.rows?.map((r) => r.split(' ').at(-1))).toEqual(['0', '6', '8', '8', '8', '8', '8']);
  });

  test('expire INTERVAL takes each addition back that long after it was made', async () => {
    const s = await sizes('# fake-zeek: Test::recent +1 per new connection expire 2.5sec\n', await trace(0, 10), ['my_stats::run_interval=1sec']);
    // One new connection (the keep-alive flow) at T0, taken back at the first packet after T0+2.5.
    expect(s.rows?.map((r) => r.split(' ').at(-1))).toEqual(['0', '1', '1', '0', '0', '0', '0', '0', '0', '0', '0', '0']);
  });

  test('if / unless ID=VALUE follow the command line and the scripts\' redefs', async () => {
    const script =
      '# fake-zeek: Test::a +1 per new connection if Test::mode=T\n# fake-zeek: Test::b +1 per new connection unless Test::mode=T\n' +
      'module Test;\nexport { const mode = F &redef; }\n';
    const off = await sizes(script, await trace(1, 1));
    expect(off.rows?.filter((r) => r.startsWith('2 '))).toEqual(['2 Test Test::a 0', '2 Test Test::b 2']);
    const on = await sizes(script, await trace(1, 1), ['Test::mode=T']);
    expect(on.rows?.filter((r) => r.startsWith('2 '))).toEqual(['2 Test Test::a 2', '2 Test Test::b 0']);
    const redef = await sizes(`${script}redef Test::mode = T;\n`, await trace(1, 1));
    expect(redef.rows?.filter((r) => r.startsWith('2 '))).toEqual(['2 Test Test::a 2', '2 Test Test::b 0']);
  });

  test('a directive the fake cannot read stops the run with the file and line', async () => {
    const s = await sizes('module Test;\n# fake-zeek: Test::x grows a lot\n', await trace(0, 1));
    expect(s.exitCode).toBe(1);
    expect(s.error).toMatch(/^fake-zeek: \S+test\.zeek, line 2: cannot read fake-zeek directive "Test::x grows a lot"/);
  });
});

// conns.pcap (make-traces.mjs): a long echo connection, port 40001, of 68 packets (35 from the
// originator, 31 data packets each way) and short ones of 8 (5 from the originator, one data
// packet each way) at ports 40000, 40002 and 40003; dumps at 10.25 s, 20.75 s and the end.
const CONNS = join(TESTING, 'traces', 'conns.pcap');

async function connRows(script: string, extra: string[] = []) {
  const dir = join(work.path, `conns-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  const file = join(dir, 'test.zeek');
  writeFileSync(file, script);
  const r = await runFakeZeek(['-C', '-r', CONNS, SCRIPTS, file, 'my_stats::run_interval=10sec', ...extra], dir);
  expect([r.exitCode, r.stderr]).toEqual([0, '']);
  const conns = existsSync(join(dir, 'my_stats_conns.log')) ? readAsciiLog(join(dir, 'my_stats_conns.log')).rows : [];
  const runs = readAsciiLog(join(dir, 'my_stats_runs.log')).rows;
  return {
    rows: conns.filter((row) => row.field !== '(connection)').map((row) => `${row.run} ${row.field} ${row.connections} ${row.total} ${row.max} ${(row.max_id ?? '').split(' ')[0]} ${row.live}`),
    connection: conns.filter((row) => row.field === '(connection)').map((row) => `${row.run} ${row.connections} ${row.total} ${row.max}`),
    runs,
  };
}

describe('fake-zeek conn directives: fields of the connection record', () => {
  test('+N per packet of orig: the originator\'s packets only; removed connections, and the long one sampled while open', async () => {
    const s = await connRows('# fake-zeek: conn zoo_f +1 per packet of orig\n');
    expect(s.rows).toEqual([
      '2 zoo_f 1 5 5 10.0.0.1:40000/tcp F',
      // 40002 removed (5), 40001 open and 19 s old at 20.75 s: 3 + 25 of its originator's packets so far.
      '3 zoo_f 2 32 27 10.0.0.1:40001/tcp T',
      '4 zoo_f 2 40 35 10.0.0.1:40001/tcp F',
    ]);
    // The record: 145 (the model of a record without protocol state) plus its fields.
    expect(s.connection).toEqual(['2 1 150 150', '3 2 322 172', '4 2 330 180']);
    expect(s.runs.map((r) => r.conns_logged)).toEqual(['0', '2', '2', '2']);
  });

  test('max caps a field, reset every K packets empties it after every K-th counted packet', async () => {
    const capped = await connRows('# fake-zeek: conn zoo_ring +2 per data packet of resp max 20\n');
    expect(capped.rows.at(-1)).toBe('4 zoo_ring 2 22 20 10.0.0.1:40001/tcp F');
    const reset = await connRows('# fake-zeek: conn zoo_pending +4 per packet reset every 10 packets\n');
    // 68 packets leave 8 entries (32), 8 packets 8 entries: a tie, which the first measured keeps.
    expect(reset.rows.at(-1)).toBe('4 zoo_pending 2 64 32 10.0.0.1:40001/tcp F');
  });

  test('-N per data packet drains what +N added, never below 0; a field only -N touches is never set', async () => {
    const s = await connRows(
      '# fake-zeek: conn zoo_pending +4 per data packet of orig\n# fake-zeek: conn zoo_pending -4 per data packet of resp\n# fake-zeek: conn zoo_never -1 per packet\n',
    );
    expect(s.rows).toEqual([
      '2 zoo_pending 1 0 0 10.0.0.1:40000/tcp F',
      '3 zoo_pending 2 0 0 10.0.0.1:40002/tcp F',
      '4 zoo_pending 2 0 0 10.0.0.1:40001/tcp F',
    ]);
  });

  test('if / unless ID=VALUE, and conn_footprints=F: no my_stats_conns.log at all', async () => {
    const script = 'module Zoo;\nexport { const on = F &redef; }\n# fake-zeek: conn zoo_f +1 per packet if Zoo::on=T\n';
    expect((await connRows(script)).rows).toEqual([]);
    expect((await connRows(script, ['Zoo::on=T'])).rows).toHaveLength(3);
    const off = await connRows(script, ['Zoo::on=T', 'my_stats::conn_footprints=F']);
    expect([off.rows, off.connection]).toEqual([[], []]);
    expect(off.runs.map((r) => r.conns_logged)).toEqual(['0', '0', '0', '0']);
  });
});

describe('fake-zeek: on SERVICE limits a directive to the traffic its events come from', () => {
  test('a transport (on tcp) or a responder port (on 7/tcp)', async () => {
    expect((await connRows('# fake-zeek: conn zoo_f +1 per packet on 7/tcp\n')).rows).toHaveLength(3);
    expect((await connRows('# fake-zeek: conn zoo_f +1 per packet on 80/tcp\n')).rows).toEqual([]);
    expect((await connRows('# fake-zeek: conn zoo_f +1 per packet on udp\n')).rows).toEqual([]);
    // trace(): UDP flows to port 53 and a keep-alive flow to port 123.
    const dns = await sizes('# fake-zeek: Test::dns +1 per new connection on 53/udp\n# fake-zeek: Test::tcp +1 per new connection on tcp\n', await trace(3, 10));
    expect(dns.rows?.filter((r) => r.startsWith('2 '))).toEqual(['2 Test Test::dns 3', '2 Test Test::tcp 0']);
  });
});

describe('fake-zeek rss and max directives', () => {
  test('rss +BYTES bytes per new connection adds to the current RSS, up to max; peak_rss follows it', async () => {
    const base = (await connRows('')).runs.map((r) => Number(r.rss));
    const grown = (await connRows('# fake-zeek: rss +1000000 bytes per new connection\n')).runs.map((r) => Number(r.rss));
    // New connections by the dumps: 1 (it arrives after the first dump), 2, 3, 4.
    expect(grown.map((v, i) => v - (base[i] ?? 0))).toEqual([0, 2000000, 3000000, 4000000]);
    const capped = await connRows('# fake-zeek: rss +1000000 bytes per new connection max 2500000\n');
    expect(capped.runs.map((r, i) => Number(r.rss) - (base[i] ?? 0))).toEqual([0, 2000000, 2500000, 2500000]);
    for (const r of capped.runs) expect(Number(r.peak_rss)).toBeGreaterThanOrEqual(Number(r.rss));
  });

  test('rss is unset on a Zeek older than 7.0, which has no telemetry for it', async () => {
    const dir = join(work.path, `old-${Math.random().toString(36).slice(2)}`);
    mkdirSync(dir);
    await runFakeZeek(['-C', '-r', CONNS, SCRIPTS], dir, { FAKE_ZEEK_VERSION: '6.2.1' });
    expect(new Set(readAsciiLog(join(dir, 'my_stats_runs.log')).rows.map((r) => r.rss))).toEqual(new Set(['-']));
  });

  test('NAME +N per connection max M: a global the script keeps bounded', async () => {
    const s = await sizes('# fake-zeek: Test::recent +3 per connection max 6\n', await trace(3, 100), ['my_stats::run_interval=30sec']);
    expect(s.rows?.map((r) => r.split(' ').at(-1))).toEqual(['0', '0', '0', '6', '6']);
  });
});
