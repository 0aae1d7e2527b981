// The `# fake-zeek:` directives: how a loaded script tells the fake what state
// its Zeek code would build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE } from './helpers/paths.js';
import { pcap, udpFrame } from './helpers/pcap-writer.js';
import { runFakeZeek, tempDir } from './helpers/run-fake-zeek.js';
import { readAsciiLog } from './helpers/zeek-log.js';

const SCRIPTS = join(PACKAGE, 'scripts');
const work = tempDir();
afterAll(() => work.remove());
const T0 = 1700000000;

// UDP flows: flow i sends one packet at T0 + i; a keep-alive flow sends one
// packet every second until T0 + seconds so that timers get to fire.
function trace(flows: number, seconds: number): string {
  const packets = [];
  for (let i = 0; i < flows; i++) packets.push({ us: (T0 + i) * 1e6 + 500000, frame: udpFrame('10.0.0.1', '10.0.0.2', 10000 + i, 53) });
  for (let s = 0; s <= seconds; s++) packets.push({ us: (T0 + s) * 1e6, frame: udpFrame('10.0.0.9', '10.0.0.2', 9999, 123) });
  packets.sort((a, b) => a.us - b.us);
  const file = join(work.path, `trace-${flows}-${seconds}.pcap`);
  writeFileSync(file, pcap(packets));
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
    const s = await sizes('# fake-zeek: Test::table = 40\n# fake-zeek: test_plain = 7\nglobal test_plain: set[count];\n', trace(0, 2));
    expect(s.rows).toEqual(['1 Test Test::table 40', '1 GLOBAL test_plain 7', '2 Test Test::table 40', '2 GLOBAL test_plain 7']);
  });

  test('+N per connection grows at removal: UDP after 60 s of inactivity, the rest at the end-of-trace flush', async () => {
    // 3 one-packet flows at T0+0.5, +1.5, +2.5, removed at the packets at T0+61, 62, 63; dumps at
    // T0, +30, +60, +90 and the final one at +100, after the flush removed the keep-alive flow.
    const s = await sizes('# fake-zeek: Test::removed +3 per connection\n', trace(3, 100), ['my_stats::run_interval=30sec']);
    expect(s.rows).toEqual([
      '1 Test Test::removed 0',
      '2 Test Test::removed 0',
      '3 Test Test::removed 0',
      '4 Test Test::removed 9',
      '5 Test Test::removed 12',
    ]);
  });

  test('+N per new connection grows at the first packet', async () => {
    const s = await sizes('# fake-zeek: Test::seen +2 per new connection\n', trace(3, 10), ['my_stats::run_interval=2sec']);
    // Dumps at T0 (before its packet is handled), T0+2 (keep-alive, flows 0 and 1), T0+4 (and flow 2),
    // +6, +8, +10 and the final one.
    expect(s.rows?.map((r) => r.split(' ').at(-1))).toEqual(['0', '6', '8', '8', '8', '8', '8']);
  });

  test('expire INTERVAL takes each addition back that long after it was made', async () => {
    const s = await sizes('# fake-zeek: Test::recent +1 per new connection expire 2.5sec\n', trace(0, 10), ['my_stats::run_interval=1sec']);
    // One new connection (the keep-alive flow) at T0, taken back at the first packet after T0+2.5.
    expect(s.rows?.map((r) => r.split(' ').at(-1))).toEqual(['0', '1', '1', '0', '0', '0', '0', '0', '0', '0', '0', '0']);
  });

  test('if / unless ID=VALUE follow the command line and the scripts\' redefs', async () => {
    const script = '# fake-zeek: Test::a +1 per new connection if Test::mode=T\n# fake-zeek: Test::b +1 per new connection unless Test::mode=T\n';
    const off = await sizes(script, trace(1, 1));
    expect(off.rows?.filter((r) => r.startsWith('2 '))).toEqual(['2 Test Test::a 0', '2 Test Test::b 2']);
    const on = await sizes(script, trace(1, 1), ['Test::mode=T']);
    expect(on.rows?.filter((r) => r.startsWith('2 '))).toEqual(['2 Test Test::a 2', '2 Test Test::b 0']);
    const redef = await sizes(`${script}redef Test::mode = T;\n`, trace(1, 1));
    expect(redef.rows?.filter((r) => r.startsWith('2 '))).toEqual(['2 Test Test::a 2', '2 Test Test::b 0']);
  });

  test('a directive the fake cannot read stops the run with the file and line', async () => {
    const s = await sizes('module Test;\n# fake-zeek: Test::x grows a lot\n', trace(0, 1));
    expect(s.exitCode).toBe(1);
    expect(s.error).toMatch(/^fake-zeek: \S+test\.zeek, line 2: cannot read fake-zeek directive "Test::x grows a lot"/);
  });
});
