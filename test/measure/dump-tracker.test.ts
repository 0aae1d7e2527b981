// The one dump tracker (harness/measure/dump-tracker.ts) that summarize and the budget evaluation
// share: how rows become dumps, with and without the runs log, across several loggers' files.
import { DumpTracker, SAME_DUMP_MAX_GAP_SECONDS, type NodeTrack, type TrackedDump } from '../../harness/measure/dump-tracker.js';
import fc from 'fast-check';
import type { ConnRow, DumpRow } from '../../harness/zeek-log/my-stats.js';
import type { FootprintRows } from '../../harness/zeek-log/row-columns.js';
import { propertyParams } from '../helpers/property-params.js';

// ids: node 0 (and 1); modules 10, 11; variables 20, 21, 22, 23.
interface Seen {
  dumps: { run: number; ts: number; state: TrackedDump['state']; rows: number; total: number; missing: string; conns: number }[];
  tracks: NodeTrack[];
}

function tracker(expectConns = false): { t: DumpTracker; seen: Seen } {
  const seen: Seen = { dumps: [], tracks: [] };
  const t = new DumpTracker({
    expectConns,
    onDump: (d) => {
      let total = 0;
      for (let i = 0; i < d.length; i++) total += d.sizes[i] as number;
      seen.dumps.push({ run: d.run, ts: d.ts, state: d.state, rows: d.length, total, missing: d.missing, conns: d.connRows.length });
    },
  });
  return { t, seen };
}

const row = (t: DumpTracker, ts: number, run: number, variable: number, size: number, node = 0) => t.add(ts, run, node, variable % 2 ? 11 : 10, variable, size);

function conn(run: number, ts: number, field: string): ConnRow {
  return {
    ts,
    run,
    node: 'w',
    field,
    connections: 1,
    total: 5,
    max: 5,
    maxUid: 'C1',
    maxId: '10.0.0.1:1/tcp -> 10.0.0.2:80/tcp',
    live: false,
    file: 'f',
    line: 1,
  };
}

function info(run: number, ts: number, logged: number, extra: Partial<DumpRow> = {}): DumpRow {
  return {
    ts,
    run,
    node: 'w',
    networkTime: ts,
    reason: 'interval',
    duration: 0.01,
    globals: logged,
    logged,
    total: 0,
    peakRss: 1,
    file: 'f',
    line: 1,
    ...extra,
  };
}

describe('without runs rows (the original package): the heuristics', () => {
  test('a restart that only reached run 1 is told apart by a repeated variable', () => {
    const { t, seen } = tracker();
    for (const [ts, run, v, size] of [
      [100, 1, 20, 5],
      [100.001, 1, 21, 6],
      [103, 1, 20, 50],
      [103.001, 1, 21, 60],
    ] as const)
      row(t, ts, run, v, size);
    const [n] = t.finish();
    expect(n).toMatchObject({ dumps: 2, restarts: 1, incomplete: 0 });
    expect(seen.dumps.map((d) => [d.run, d.ts, d.state, d.total])).toEqual([
      [1, 100, 'unverified', 11],
      [1, 103, 'unverified', 110],
    ]);
  });

  test('... or by a long gap when the new life logs other variables first', () => {
    const { t, seen } = tracker();
    row(t, 100, 1, 20, 5);
    row(t, 100 + SAME_DUMP_MAX_GAP_SECONDS + 50, 1, 21, 6);
    expect(t.finish()[0]).toMatchObject({ dumps: 2, restarts: 1 });
    expect(seen.dumps.map((d) => d.total)).toEqual([5, 6]);
  });

  test("rows of one node and run at ts 100, 95, 106 are one dump: the gap counts from the dump's rows, not from the row before", () => {
    const { t, seen } = tracker();
    row(t, 100, 3, 20, 1);
    row(t, 95, 3, 21, 2);
    row(t, 106, 3, 22, 4);
    expect(t.finish()[0]).toMatchObject({ dumps: 1, restarts: 0, firstTs: 95, lastTs: 106 });
    expect(seen.dumps).toEqual([{ run: 3, ts: 100, state: 'unverified', rows: 3, total: 7, missing: '', conns: 0 }]);
  });

  test('a run number lower than the one before in time is a restart; nodes interleave', () => {
    const { t, seen } = tracker();
    row(t, 100, 5, 20, 1);
    row(t, 100.1, 1, 20, 9, 1);
    row(t, 100.004, 5, 21, 2);
    row(t, 200, 1, 20, 3);
    row(t, 200.002, 1, 21, 4);
    const [a, b] = t.finish();
    expect(a).toMatchObject({ node: 0, dumps: 2, restarts: 1 });
    expect(b).toMatchObject({ node: 1, dumps: 1, restarts: 0 });
    expect(seen.dumps.filter((d) => d.total !== 9).map((d) => [d.run, d.total])).toEqual([
      [5, 3],
      [1, 7],
    ]);
  });
});

describe('with runs rows (our package): dumps by (run, ts), complete when every announced row arrived', () => {
  test("a dump split across two loggers' files is one complete dump, and its other dumps in either file are no restart", () => {
    const { t, seen } = tracker();
    // Logger 1's file holds runs 1 and 3 and half of run 4; logger 2's runs 2 and the other half.
    // Runs rows come first (of both files), then the footprint rows file by file.
    for (const [run, ts] of [
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
    ] as const)
      t.addInfo(0, info(run, ts, 4));
    const dump = (run: number, ts: number, vars: number[]) => vars.forEach((v) => row(t, ts, run, v, run));
    dump(1, 10, [20, 21, 22, 23]);
    dump(3, 30, [20, 21, 22, 23]);
    dump(4, 40, [20, 21]);
    t.endGroup();
    dump(2, 20, [20, 21, 22, 23]);
    dump(4, 40, [22, 23]);
    const [n] = t.finish();
    expect(n).toMatchObject({ dumps: 4, restarts: 0, incomplete: 0 });
    // Finished as they completed, not in time order.
    expect(seen.dumps.map((d) => [d.run, d.state, d.rows])).toEqual([
      [1, 'complete', 4],
      [3, 'complete', 4],
      [2, 'complete', 4],
      [4, 'complete', 4],
    ]);
    expect(n?.recentStarts).toEqual([10, 20, 30, 40]);
  });

  test('the runs row may come after the rows, even a rotation later (a late batch); a restart by time still counts', () => {
    const { t, seen } = tracker();
    t.addInfo(0, info(1, 10, 2));
    row(t, 10, 1, 20, 1);
    row(t, 20, 2, 20, 1);
    row(t, 20, 2, 21, 1);
    t.endGroup();
    row(t, 10, 1, 21, 1);
    t.addInfo(0, info(2, 20, 2));
    // A new process lifetime: run 1 again, later.
    t.addInfo(0, info(1, 30, 1));
    row(t, 30, 1, 20, 1);
    expect(t.finish()[0]).toMatchObject({ dumps: 3, restarts: 1, incomplete: 0 });
    expect(seen.dumps.map((d) => [d.run, d.ts, d.state])).toEqual([
      [1, 10, 'complete'],
      [2, 20, 'complete'],
      [1, 30, 'complete'],
    ]);
  });

  test("rows missing (the other logger's file not read) or no runs row: incomplete, said why, and not counted", () => {
    const { t, seen } = tracker();
    t.addInfo(0, info(1, 10, 4));
    row(t, 10, 1, 20, 1);
    row(t, 10, 1, 21, 1);
    row(t, 20, 2, 20, 1);
    const [n] = t.finish();
    expect(n).toMatchObject({ dumps: 0, incomplete: 2 });
    expect(seen.dumps.map((d) => [d.run, d.state, d.missing])).toEqual([
      [1, 'incomplete', '2 of 4 rows'],
      [2, 'incomplete', 'no my_stats_runs row'],
    ]);
    expect(n?.incompleteExamples).toEqual(['run 1 at 1970-01-01T00:00:10.000Z: 2 of 4 rows', 'run 2 at 1970-01-01T00:00:20.000Z: no my_stats_runs row']);
  });

  test('a dump whose variables were all below the cutoff (logged 0) is complete without rows; a row read twice counts once', () => {
    const { t, seen } = tracker();
    t.addInfo(0, info(1, 10, 0));
    t.addInfo(0, info(2, 20, 1));
    row(t, 20, 2, 20, 7);
    row(t, 20, 2, 20, 7);
    const [n] = t.finish();
    expect(seen.dumps.map((d) => [d.run, d.state, d.rows])).toEqual([
      [1, 'complete', 0],
      [2, 'complete', 1],
    ]);
    expect(n?.duplicates).toBe(1);
  });

  test('with the conns log among the inputs a dump also waits for its conns_logged rows', () => {
    const { t, seen } = tracker(true);
    t.addInfo(0, info(1, 10, 1, { connsLogged: 2 }));
    row(t, 10, 1, 20, 1);
    t.addConn(0, conn(1, 10, '(connection)'));
    expect(seen.dumps).toEqual([]);
    t.addConn(0, conn(1, 10, 'http'));
    expect(seen.dumps.map((d) => d.state)).toEqual(['complete']);
    // Before its rows, even: a rotation's conns rows are read before its footprint rows.
    t.addInfo(0, info(2, 20, 1, { connsLogged: 1 }));
    t.addConn(0, conn(2, 20, 'http'));
    expect(seen.dumps).toHaveLength(1);
    row(t, 20, 2, 20, 1);
    expect(seen.dumps.map((d) => [d.run, d.state, d.conns])).toEqual([
      [1, 'complete', 2],
      [2, 'complete', 1],
    ]);
    // Without the conns log read, conns_logged is not waited for.
    const other = tracker(false);
    other.t.addInfo(0, info(1, 10, 1, { connsLogged: 2 }));
    row(other.t, 10, 1, 20, 1);
    expect(other.seen.dumps.map((d) => d.state)).toEqual(['complete']);
  });

  test('packets add up over the usable dumps; without the column they stay unknown', () => {
    const { t } = tracker();
    t.addInfo(0, info(1, 10, 0, { packets: 0 }));
    t.addInfo(0, info(2, 20, 0, { packets: 0 }));
    t.addInfo(1, info(1, 10, 0));
    const [idle, old] = t.finish();
    expect(idle).toMatchObject({ packets: 0, packetDumps: 2 });
    expect(old).toMatchObject({ packets: undefined, packetDumps: 0 });
  });

  test('memory stays bounded: dumps that never complete are given up as they pile up, not held to the end', () => {
    const { t, seen } = tracker();
    t.addInfo(0, info(1, 1, 10));
    let handedOn = 0;
    for (let run = 2; run <= 1000; run++) {
      row(t, run, run, 20, 1);
      if (run === 500) handedOn = seen.dumps.length;
    }
    // At most 128 dumps with rows stay open per node.
    expect(handedOn).toBeGreaterThanOrEqual(500 - 1 - 128);
    expect(t.finish()[0]).toMatchObject({ dumps: 0, incomplete: 1000 });
  });

  test("a rotation's runs rows all read before its rows (a long archive) still find their rows; silent ones are given up two rotations on", () => {
    const { t, seen } = tracker();
    for (let run = 1; run <= 500; run++) t.addInfo(0, info(run, run, 2));
    for (let run = 1; run <= 500; run++) {
      row(t, run, run, 20, 1);
      row(t, run, run, 21, 1);
    }
    expect(seen.dumps.filter((d) => d.state === 'complete')).toHaveLength(500);
    t.addInfo(0, info(501, 501, 2));
    t.endGroup();
    expect(seen.dumps).toHaveLength(500);
    t.endGroup();
    expect(seen.dumps.at(-1)).toMatchObject({ run: 501, state: 'incomplete', missing: '0 of 2 rows' });
    expect(t.finish()[0]).toMatchObject({ dumps: 500, incomplete: 1, restarts: 0 });
  });
});

describe('rows in bulk (addRows, as the reader hands on rows from its worker threads)', () => {
  // Few times, runs, nodes and variables, so rows repeat: the same dump's rows in a row, a row read
  // twice, a repeated variable starting another dump, nodes interleaving, runs rows (our package) or none.
  // Rows come as dumps do: runs of rows sharing ts, run and node.
  const rowsArb = fc
    .array(
      fc.record({
        ts: fc.constantFrom(100, 100.5, 160, 161, 400),
        run: fc.constantFrom(1, 2),
        node: fc.constantFrom(0, 1),
        rows: fc.array(fc.record({ variable: fc.constantFrom(20, 21, 22, 23), size: fc.nat({ max: 1000 }) }), { minLength: 1, maxLength: 6 }),
      }),
      { maxLength: 8 },
    )
    .map((groups) => groups.flatMap((g) => g.rows.map((r) => ({ ts: g.ts, run: g.run, node: g.node, ...r }))));
  const eventArb = fc.oneof(
    { arbitrary: fc.record({ rows: rowsArb, cuts: fc.array(fc.nat({ max: 40 }), { maxLength: 3 }) }), weight: 4 },
    fc.constant({ endGroup: true as const }),
    fc.record({ info: fc.record({ node: fc.constantFrom(0, 1), run: fc.constantFrom(1, 2), ts: fc.constantFrom(100, 160, 400), logged: fc.nat({ max: 5 }) }) }),
  );
  type Row = { ts: number; run: number; node: number; variable: number; size: number };

  /** Rows as a worker thread's answer: columns of worker ids, mapped through `ids` (here: worker id = caller id + 5). */
  function bulk(rows: Row[]): FootprintRows {
    const ids = Int32Array.from({ length: 40 }, (_, i) => i - 5);
    const col = (f: (r: Row) => number) => Int32Array.from(rows, f);
    return {
      length: rows.length,
      columns: {
        ts: Float64Array.from(rows, (r) => r.ts),
        run: col((r) => r.run),
        node: col((r) => r.node + 5),
        module: col((r) => (r.variable % 2 ? 11 : 10) + 5),
        variable: col((r) => r.variable + 5),
        size: Float64Array.from(rows, (r) => r.size),
        line: col(() => 0),
      },
      ids,
      lineOffset: 0,
    };
  }

  test('give the dumps, counts and duplicates of add() row by row, with and without a filter', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 8 }), fc.boolean(), (events, filtered) => {
        const keep = filtered ? (ts: number, node: number) => node === 0 || ts > 150 : undefined;
        const one = tracker();
        const many = tracker();
        for (const e of events) {
          if ('endGroup' in e) {
            for (const t of [one.t, many.t]) t.endGroup();
            continue;
          }
          if ('info' in e) {
            for (const t of [one.t, many.t]) t.addInfo(e.info.node, { ...info(e.info.run, e.info.ts, e.info.logged), node: String(e.info.node) });
            continue;
          }
          for (const r of e.rows) if (keep === undefined || keep(r.ts, r.node)) row(one.t, r.ts, r.run, r.variable, r.size, r.node);
          let from = 0;
          for (const cut of [...e.cuts.filter((c) => c < e.rows.length).sort((a, b) => a - b), e.rows.length]) {
            many.t.addRows(bulk(e.rows.slice(from, cut)), keep);
            from = cut;
          }
        }
        one.seen.tracks = one.t.finish();
        many.seen.tracks = many.t.finish();
        expect(many.seen).toEqual(one.seen);
      }),
      propertyParams(300),
    );
  });
});
