import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../harness/cli/main.js';
import { fixture, reference, tempDir } from '../zeek-log/helpers.js';
import { clusterDumps, TWO_LOGGER_NODE_CFG, writeZeekctlTree } from '../sources/zeekctl-tree.js';

async function run(argv: string[], opts: { tty?: boolean; env?: Record<string, string> } = {}) {
  let out = '';
  let err = '';
  const code = await runCli({
    argv,
    env: opts.env ?? {},
    cwd: process.cwd(),
    stdout: {
      write: (s: string) => {
        out += s;
      },
      isTTY: opts.tty ?? false,
    },
    stderr: {
      write: (s: string) => {
        err += s;
      },
    },
  });
  return { code, out, err };
}

const ESC = String.fromCharCode(27);
const HEADER =
  '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tmy_stats\n#open\t2026-11-22-14-45-13\n' +
  '#fields\tts\trun\tnode\tmodule_name\tvariable\tsize\n#types\ttime\tcount\tstring\tstring\tstring\tcount\n';

type Row = [ts: number, run: number, node: string, module: string, variable: string, size: number];
function myStats(rows: Row[], close = true): string {
  return HEADER + rows.map((r) => `${r[0].toFixed(6)}\t${r.slice(1).join('\t')}\n`).join('') + (close ? '#close\t2026-11-22-15-00-00\n' : '');
}

/** Two workers and a manager; worker-1 restarts (run numbers start over) and its leak grows. */
function clusterRows(): Row[] {
  const rows: Row[] = [];
  const dump = (ts: number, run: number, node: string, leak: number) => {
    rows.push([ts, run, node, 'Conn', 'Conn::state', 100], [ts + 0.001, run, node, 'Leaky', 'Leaky::seen', leak], [ts + 0.002, run, node, 'GLOBAL', 'skip', 7]);
  };
  dump(1000, 1, 'worker-1', 0);
  dump(1000.5, 1, 'manager', 0);
  dump(1010, 2, 'worker-1', 500);
  dump(1010.5, 2, 'manager', 0);
  dump(1020, 3, 'worker-1', 900);
  // worker-1 restarts: run 1 again, state gone.
  dump(1100, 1, 'worker-1', 10);
  dump(1110, 2, 'worker-1', 20);
  dump(1110.2, 1, 'worker-2', 30);
  return rows;
}

describe('zeek-budget summarize', () => {
  let t: ReturnType<typeof tempDir>;
  let log: string;
  beforeEach(() => {
    t = tempDir();
    log = path.join(t.dir, 'my_stats.log');
    writeFileSync(log, myStats(clusterRows()));
  });
  afterEach(() => t.cleanup());

  test('default: latest dump per node by time (a restart starts run numbers over), by module', async () => {
    const r = await run(['summarize', log, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const s = JSON.parse(r.out);
    expect(
      s.nodes.map((n: { node: string; dumps: number; lifetimes: number; selected: { run: number; total: number } }) => [
        n.node,
        n.dumps,
        n.lifetimes,
        n.selected.run,
        n.selected.total,
      ]),
    ).toEqual([
      ['manager', 2, 1, 2, 107],
      ['worker-1', 5, 2, 2, 127],
      ['worker-2', 1, 1, 1, 137],
    ]);
    expect(s.total).toBe(107 + 127 + 137);
    expect(s.groups.map((g: { key: { module: string }; footprint: number }) => [g.key.module, g.footprint])).toEqual([
      ['Conn', 300],
      ['Leaky', 50],
      ['GLOBAL', 21],
    ]);
    expect(s.groups[0].share).toBeCloseTo(300 / 371, 10);
  });

  test("--run max picks each node's largest dump, --run N that run (the latest one after a restart)", async () => {
    const max = JSON.parse((await run(['summarize', log, '--run', 'max', '--format', 'json'])).out);
    expect(max.nodes.find((n: { node: string }) => n.node === 'worker-1').selected).toMatchObject({ run: 3, total: 1007 });
    const two = JSON.parse((await run(['summarize', log, '--run', '2', '--format', 'json', '--node', 'worker-1'])).out);
    expect(two.nodes).toHaveLength(1);
    expect(two.nodes[0].selected).toMatchObject({ run: 2, ts: 1110, total: 127 });
    const r = await run(['summarize', log, '--run', '3']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/node manager: no dump matches --run 3 \(it has 2 dump\(s\)\)/);
  });

  test('--by node,module with --module filter; --top keeps the largest groups', async () => {
    const r = await run(['summarize', log, '--by', 'node,module', '--module', 'Leaky', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('node,module,footprint,share_percent,variables\nworker-2,Leaky,30,60.00,1\nworker-1,Leaky,20,40.00,1\nmanager,Leaky,0,0.00,1\n');
    const top = await run(['summarize', log, '--by', 'variable', '--top', '1']);
    expect(top.out).toMatch(
      /Footprint by variable \(total 371\):\n\s+variable\s+footprint\s+share\s+variables\n\s+Conn::state\s+300\s+80\.9%\s+3\n\s+\.\.\. 2 more group\(s\), footprint 71 \(19\.1%\)/,
    );
  });

  test('table output: files, nodes with dumps and time span, groups; plain text unless a terminal', async () => {
    const r = await run(['summarize', log]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Read 1 file(s), 24 row(s):\n  ${log} (plain, ascii; 24 rows)`);
    expect(r.out).toMatch(/node\s+dumps\s+restarts\s+first\s+last\s+run\s+dump time\s+variables\s+footprint/);
    expect(r.out).toMatch(/worker-1\s+5\s+1\s+1970-01-01T00:16:40Z\s+1970-01-01T00:18:30Z\s+2\s+1970-01-01T00:18:30Z\s+3\s+127/);
    expect(r.out).not.toContain(ESC);
    const tty = await run(['summarize', log], { tty: true });
    expect(tty.out).toContain(`${ESC}[1m`);
    const noColor = await run(['summarize', log], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.out).not.toContain(ESC);
  });

  test("several files and directories: a node's dumps continue across rotated files; no file read twice", async () => {
    const rows = clusterRows();
    const day = path.join(t.dir, 'prefix', 'logs', '2026-11-22');
    mkdirSync(day, { recursive: true });
    writeFileSync(path.join(day, 'my_stats.10:00:00-11:00:00.log.gz'), gzipSync(myStats(rows.slice(0, 13))));
    writeFileSync(path.join(day, 'my_stats.11:00:00-12:00:00.log.gz'), gzipSync(myStats(rows.slice(13))));
    const prefix = path.join(t.dir, 'prefix');
    const a = JSON.parse((await run(['summarize', prefix, path.join(day, 'my_stats.10:00:00-11:00:00.log.gz'), '--format', 'json'])).out);
    const b = JSON.parse((await run(['summarize', log, '--format', 'json'])).out);
    expect(a.files).toHaveLength(2);
    expect(a.nodes).toEqual(b.nodes);
    expect(a.groups).toEqual(b.groups);
  });

  test('standalone logs: node shown as (standalone); warnings for a log without #close go to stderr', async () => {
    const killed = path.join(t.dir, 'killed.log');
    writeFileSync(
      killed,
      myStats(
        [
          [1, 1, '(empty)', 'Conn', 'Conn::state', 5],
          [1.1, 1, '(empty)', 'DNS', 'DNS::x', 3],
        ],
        false,
      ),
    );
    const r = await run(['summarize', killed]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\(standalone\)\s+1\s+0\s/);
    expect(r.out).toContain('no #close');
    expect(r.err).toMatch(/^zeek-budget: warning: .*killed\.log has no #close: Zeek was killed or is still writing/);
  });

  test('two loggers, a late batch and the packets column: one dump per run, an idle worker named, the packets in the JSON', async () => {
    const prefix = path.join(t.dir, 'zeek');
    const nodes = ['logger-1', 'logger-2', 'manager', 'worker-1', 'worker-2'];
    writeZeekctlTree(prefix, {
      dumps: clusterDumps({ start: 1_800_000_000, interval: 600, count: 8, leak: 10, nodes, packets: (node, i) => (node === 'worker-1' ? 100 * i : 0) }),
      rotations: [1_800_000_000 + 3600],
      nodeCfg: TWO_LOGGER_NODE_CFG,
      runs: true,
      loggers: 2,
      late: { node: 'worker-2', run: 5 },
    });
    const r = await run(['summarize', prefix, '--format', 'json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(
      s.nodes.map((n: { node: string; dumps: number; lifetimes: number; incomplete: number; packets?: number }) => [
        n.node,
        n.dumps,
        n.lifetimes,
        n.incomplete,
        n.packets,
      ]),
    ).toEqual([
      ['logger-1', 8, 1, 0, 0],
      ['logger-2', 8, 1, 0, 0],
      ['manager', 8, 1, 0, 0],
      ['worker-1', 8, 1, 0, 2800],
      ['worker-2', 8, 1, 0, 0],
    ]);
    // Besides the live logs' own "no #close" (they are being written), only the idle worker.
    expect(r.err.split('\n').filter((l) => l !== '' && !/ has no #close: /.test(l))).toEqual([
      expect.stringMatching(/^zeek-budget: warning: node worker-2 is idle: none of its 8 dump\(s\) saw a packet/),
    ]);
  });

  test('usage errors exit 2', async () => {
    for (const argv of [
      ['summarize', log, '--by', 'colour'],
      ['summarize', log, '--top', '0'],
      ['summarize', log, '--run', 'first'],
      ['summarize', log, '--format', 'xml'],
      ['summarize'],
      ['summarize', log, '--node', 'worker-9'],
    ]) {
      const r = await run(argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.err).not.toBe('');
    }
    expect((await run(['summarize', log, '--node', 'worker-9'])).err).toMatch(/--node worker-9: no such node in the log; it has: manager, worker-1, worker-2/);
  });

  test('unreadable or malformed logs exit 3 with file and line; --skip-malformed reads on', async () => {
    const missing = await run(['summarize', path.join(t.dir, 'nope.log')]);
    expect(missing.code).toBe(3);
    expect(missing.err).toMatch(/nope\.log: no such file or directory/);
    const bad = await run(['summarize', fixture('my_stats-malformed.log')]);
    expect(bad.code).toBe(3);
    expect(bad.err).toMatch(/my_stats-malformed\.log:10 size: '12x6' is not a count/);
    const skipped = await run(['summarize', fixture('my_stats-malformed.log'), '--skip-malformed', '--format', 'json']);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.out).files[0]).toMatchObject({ rows: 2, skippedLines: 2 });
    expect(skipped.err).toMatch(/skipped 2 malformed line\(s\)/);
    const notMyStats = await run(['summarize', fixture('conn.log')]);
    expect(notMyStats.code).toBe(3);
    expect(notMyStats.err).toMatch(/conn\.log:\d+: not a my_stats log: missing column 'run'/);
    const empty = await run(['summarize', fixture('my_stats-empty.log')]);
    expect(empty.code).toBe(0);
    expect(empty.out).toContain('No footprint rows');
  });
});

if (!existsSync(reference)) console.warn(`skipping summarize tests on recorded Zeek logs: ${reference} not found (it sits beside the repo as ../shared)`);
const describeRef = existsSync(reference) ? describe : describe.skip;
describeRef('summarize on recorded real-Zeek logs', () => {
  test('the zeekctl cluster after stop: archive found, workers show the planted leak', async () => {
    const r = await run(['summarize', path.join(reference, 'cluster'), '--module', 'Leaky', '--by', 'node', '--format', 'json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.files.map((f: { kind: string }) => f.kind)).toEqual(['archive']);
    expect(Object.fromEntries(s.groups.map((g: { key: { node: string }; footprint: number }) => [g.key.node, g.footprint]))).toEqual({
      'worker-1': 4824,
      'worker-2': 4824,
      manager: 0,
      'logger-1': 0,
      'proxy-1': 0,
    });
    expect(s.nodes.find((n: { node: string }) => n.node === 'worker-1').dumps).toBe(6);
  });

  test("two loggers (ZeroMQ, Zeek 8.2.2): a dump split across both loggers' files is one dump, no restart; its runs row says 324 rows, total 67,773", async () => {
    const r = await run(['summarize', path.join(reference, 'cluster-2-loggers', 'logs'), '--by', 'node', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const s = JSON.parse(r.out);
    // Both loggers' archives of both rotations, and the runs logs beside them (they say which rows make a dump).
    expect(s.files.map((f: { file: string }) => path.basename(f.file))).toEqual([
      'my_stats.08:55:00-08:56:01-logger-1.log.gz',
      'my_stats.08:55:00-08:56:01-logger-2.log.gz',
      'my_stats.08:56:01-08:56:02-logger-1.log.gz',
      'my_stats.08:56:01-08:56:02-logger-2.log.gz',
    ]);
    expect(s.companionFiles.map((f: { file: string; log: string }) => [path.basename(f.file), f.log])).toEqual([
      ['my_stats_runs.08:55:00-08:56:01-logger-1.log.gz', 'my_stats_runs'],
      ['my_stats_runs.08:55:00-08:56:01-logger-2.log.gz', 'my_stats_runs'],
      ['my_stats_runs.08:56:01-08:56:02-logger-1.log.gz', 'my_stats_runs'],
      ['my_stats_runs.08:56:01-08:56:02-logger-2.log.gz', 'my_stats_runs'],
    ]);
    const w1 = s.nodes.find((n: { node: string }) => n.node === 'worker-1');
    expect(w1).toMatchObject({ dumps: 7, lifetimes: 1, incomplete: 0, selected: { run: 7, variables: 324, total: 67773 } });
    expect(
      s.nodes.map((n: { node: string; dumps: number; lifetimes: number; selected: { total: number } }) => [n.node, n.dumps, n.lifetimes - 1, n.selected.total]),
    ).toEqual([
      ['logger-1', 8, 0, 62600],
      ['logger-2', 8, 0, 62600],
      ['manager', 7, 0, 62635],
      ['proxy-1', 7, 0, 62682],
      ['worker-1', 7, 0, 67773],
      ['worker-2', 7, 0, 67772],
    ]);
    const table = await run(['summarize', path.join(reference, 'cluster-2-loggers', 'logs')]);
    expect(table.out).toMatch(/^ {2}worker-1 +7 +0 +\S+ +\S+ +7 +\S+ +324 +67773$/m);
  });

  test("one logger's live spool alone: dumps whose other rows are in the other logger's files are left out and said so", async () => {
    const r = await run(['summarize', path.join(reference, 'cluster-2-loggers', 'spool-logger-1-live'), '--format', 'json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    const w1 = s.nodes.find((n: { node: string }) => n.node === 'worker-1');
    // Its runs rows 2 and 3 are here, their footprint rows in logger-2's file; rows of 1, 4, 5 here, their runs rows there.
    expect(w1).toMatchObject({ dumps: 0, incomplete: 5, selected: null });
    expect(r.err).toMatch(
      /warning: node worker-1: 5 incomplete dump\(s\) left out \(.*run 5 at 2026-12-01T08:55:45\.\d+Z: no my_stats_runs row\): .*read them all/,
    );
    expect(r.err).toMatch(/warning: node worker-1: no complete dump \(it has 0 dump\(s\)\)/);
    // Reading both loggers' live spools puts them together again.
    const both = JSON.parse(
      (
        await run([
          'summarize',
          path.join(reference, 'cluster-2-loggers', 'spool-logger-1-live'),
          path.join(reference, 'cluster-2-loggers', 'spool-logger-2-live'),
          '--format',
          'json',
        ])
      ).out,
    );
    expect(both.nodes.find((n: { node: string }) => n.node === 'worker-1')).toMatchObject({
      dumps: 5,
      incomplete: 0,
      lifetimes: 1,
      selected: { run: 5, variables: 324, total: 67672 },
    });
  });

  test('every recorded my_stats log summarizes with exit 0', async () => {
    for (const c of [
      'original-wikipedia',
      'original-bro.org-10s',
      'original-gzip',
      'original-json',
      'killed-mid-run',
      'leak-echo-connections-10s',
      'cluster/spool-logger-1-live',
    ]) {
      const r = await run(['summarize', path.join(reference, c), '--format', 'json']);
      expect({ c, code: r.code, err: r.code ? r.err : '' }).toEqual({ c, code: 0, err: '' });
      const s = JSON.parse(r.out);
      expect(s.total).toBeGreaterThan(0);
      const expectedRows = readFileSync(s.files[0].file).length > 0 ? s.files[0].rows : 0;
      expect(expectedRows).toBeGreaterThan(0);
    }
  });
});
