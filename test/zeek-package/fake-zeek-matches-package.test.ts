// The fake zeek must write what the package writes. These tests read the
// package's Zeek source and run the fake, so a change on either side that the
// other does not follow fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_MAIN, TESTING, ZEEK_SCRIPTS } from './helpers/paths.js';
import { udpFrame, writePcap } from './helpers/pcap-writer.js';
import { runFakeZeek, tempDir } from './helpers/run-fake-zeek.js';
import { column, readAsciiLog } from './helpers/zeek-log.js';
import { loggedRecords, optionDefaults, readPackageSource, reasonValues } from './helpers/zeek-source.js';
import {
  CONNECTION_FIELD, CONNS_LOG, FOOTPRINT_LOG, OPTION_TYPES, PACKAGE_DEFAULTS, RUNS_LOG,
} from '../fixtures/fake-zeek/package-contract.mjs';

const SCRIPTS = join(PACKAGE_MAIN, '..');
const source = readPackageSource(PACKAGE_MAIN);
const work = tempDir();
afterAll(() => work.remove());

// One UDP packet a second for `seconds` seconds, starting at 1700000000.
async function steadyTrace(name: string, seconds: number): Promise<string> {
  const packets = Array.from({ length: seconds + 1 }, (_, i) => ({
    us: (1700000000 + i) * 1e6,
    frame: udpFrame('10.0.0.1', '10.0.0.2', 5000, 53),
  }));
  const file = join(work.path, name);
  await writePcap(file, packets);
  return file;
}

describe('the fake zeek follows the package source', () => {
  test('the source declares the three logs with the contract columns, as the fake mirrors them', () => {
    expect(loggedRecords(source)).toEqual([
      {
        path: 'my_stats',
        fields: [['ts', 'time'], ['run', 'count'], ['node', 'string'], ['module_name', 'string'], ['variable', 'string'], ['size', 'count']],
      },
      {
        path: 'my_stats_conns',
        fields: [
          ['ts', 'time'], ['run', 'count'], ['node', 'string'], ['field', 'string'], ['connections', 'count'],
          ['total', 'count'], ['max', 'count'], ['max_uid', 'string'], ['max_id', 'string'], ['live', 'bool'],
        ],
      },
      {
        path: 'my_stats_runs',
        fields: [
          ['ts', 'time'], ['run', 'count'], ['node', 'string'], ['network_time', 'time'], ['reason', 'string'],
          ['duration', 'interval'], ['globals', 'count'], ['logged', 'count'], ['total', 'count'], ['peak_rss', 'count'],
          ['rss', 'count'], ['packets', 'count'], ['conns_logged', 'count'],
        ],
      },
    ]);
    expect([FOOTPRINT_LOG, CONNS_LOG, RUNS_LOG].map((l) => ({ path: l.path, fields: l.fields }))).toEqual(loggedRecords(source));
    expect(reasonValues(source).sort()).toEqual(['final', 'first', 'interval', 'trace_end']);
    expect(/const CONNECTION_FIELD = "([^"]+)";/.exec(source)?.[1]).toBe(CONNECTION_FIELD);
  });

  test("the fake's option defaults and types are the source's", () => {
    const defaults = optionDefaults(source);
    expect(defaults).toEqual(PACKAGE_DEFAULTS);
    expect(Object.keys(OPTION_TYPES).sort()).toEqual(Object.keys(defaults).map((k) => `my_stats::${k}`).sort());
  });

  test("the fake's log headers are the source's &log fields and types", async () => {
    const dir = tempDir();
    try {
      const r = await runFakeZeek(['-C', '-r', join(TESTING, 'traces', 'short.pcap'), SCRIPTS], dir.path);
      expect(r.exitCode).toBe(0);
      for (const record of loggedRecords(source)) {
        const log = readAsciiLog(join(dir.path, `${record.path}.log`));
        expect(log.path).toBe(record.path);
        expect(log.fields).toEqual(record.fields.map(([name]) => name));
        expect(log.types).toEqual(record.fields.map(([, type]) => type));
        expect(log.closed).toBe(true);
      }
    } finally {
      dir.remove();
    }
  });

  test('every reason the fake writes is one the source defines, and it uses all of them', async () => {
    const seen = new Set<string>();
    for (const extra of [['my_stats::run_interval=10sec'], ['my_stats::run_interval=10sec', 'my_stats::dump_at_zeek_done=F']]) {
      const dir = tempDir();
      try {
        await runFakeZeek(['-C', '-r', join(TESTING, 'traces', 'long.pcap'), SCRIPTS, ...extra], dir.path);
        for (const reason of column(readAsciiLog(join(dir.path, 'my_stats_runs.log')), 'reason')) seen.add(reason);
      } finally {
        dir.remove();
      }
    }
    expect([...seen].sort()).toEqual(reasonValues(source).sort());
  });

  test("without options the fake uses the source's defaults", async () => {
    const defaults = optionDefaults(source);
    const runInterval = Number(defaults.run_interval);
    const firstDelay = Number(defaults.first_delay);
    const cutoff = Number(defaults.min_var_size_to_log);
    expect(runInterval).toBeGreaterThan(0);

    const seconds = Math.ceil(firstDelay + 3.5 * runInterval);
    const trace = await steadyTrace('steady.pcap', seconds);
    const dir = tempDir();
    try {
      expect((await runFakeZeek(['-C', '-r', trace, SCRIPTS], dir.path)).exitCode).toBe(0);
      const runs = readAsciiLog(join(dir.path, 'my_stats_runs.log'));
      // One packet a second: every dump fires at the first whole second at or after it is due.
      const expected: [string, string][] = [];
      let t = 1700000000 + Math.ceil(firstDelay);
      expected.push([t.toFixed(6), 'first']);
      while (t + Math.ceil(runInterval) <= 1700000000 + seconds) {
        t += Math.ceil(runInterval);
        expected.push([t.toFixed(6), 'interval']);
      }
      expected.push([(1700000000 + seconds).toFixed(6), defaults.dump_at_zeek_done ? 'final' : 'trace_end']);
      expect(runs.rows.map((r) => [r.network_time, r.reason])).toEqual(expected);

      const footprints = readAsciiLog(join(dir.path, 'my_stats.log'));
      expect(footprints.rows.length).toBeGreaterThan(0);
      for (const size of column(footprints, 'size')) expect(Number(size)).toBeGreaterThanOrEqual(cutoff);
      const logged = runs.rows.map((r) => Number(r.logged));
      expect(logged.reduce((a, b) => a + b, 0)).toBe(footprints.rows.length);
      expect(Number(runs.rows[0]?.globals)).toBeGreaterThan(Number(runs.rows[0]?.logged));
    } finally {
      dir.remove();
    }
  });

  test('node is Cluster::node: empty standalone, CLUSTER_NODE on a cluster node', async () => {
    const dir = tempDir();
    try {
      const trace = join(TESTING, 'traces', 'short.pcap');
      await runFakeZeek(['-C', '-r', trace, SCRIPTS], dir.path);
      expect(new Set(column(readAsciiLog(join(dir.path, 'my_stats_runs.log')), 'node'))).toEqual(new Set(['(empty)']));
      await runFakeZeek(['-C', '-r', trace, SCRIPTS], dir.path, { CLUSTER_NODE: 'worker-1' });
      expect(new Set(column(readAsciiLog(join(dir.path, 'my_stats.log')), 'node'))).toEqual(new Set(['worker-1']));
    } finally {
      dir.remove();
    }
  });

  test('the fixture scripts the fake reads directives from are real Zeek code', () => {
    for (const name of ['leaky.zeek', 'leaky-expiring.zeek']) {
      const text = readFileSync(join(ZEEK_SCRIPTS, name), 'utf8');
      expect(text).toMatch(/^module \w+;$/m);
      expect(text).toMatch(/event connection_state_remove\(c: connection\)/);
      expect(text).toMatch(/^# fake-zeek: \S+ \+3 per connection/m);
    }
  });
});
