// Issue 11's example of per-connection growth over a real trace, through the fake zeek: a field
// with an entry per packet (test/fixtures/zeek-scripts/zoo-pending.zeek) reaches 1260 in the largest
// connection of http-bro.org.pcap, the figure a real Zeek 8.2.2 measured; the twin that empties it
// every 10 packets stays at 36 or less.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageArgs } from '../../harness/zeek-package.js';
import { PCAPS, ZEEK_SCRIPTS } from '../zeek-package/helpers/paths.js';
import { runFakeZeek, tempDir } from '../zeek-package/helpers/run-fake-zeek.js';
import { readAsciiLog } from '../zeek-package/helpers/zeek-log.js';

const TRACE = path.join(PCAPS, 'http-bro.org.pcap');
const withTrace = existsSync(TRACE) ? test : test.skip;

async function zooPending(script: string) {
  const dir = tempDir();
  try {
    const r = await runFakeZeek(['-C', '-r', TRACE, ...packageArgs({ runInterval: 10 }), path.join(ZEEK_SCRIPTS, script)], dir.path);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const rows = readAsciiLog(path.join(dir.path, 'my_stats_conns.log')).rows.filter((row) => row.field === 'zoo_pending');
    const conns = readAsciiLog(path.join(dir.path, 'conn.log')).rows;
    return { rows, conns };
  } finally {
    dir.remove();
  }
}

withTrace('zoo-pending.zeek: the largest connection reaches 1260, named by its uid and 5-tuple', async () => {
  const { rows, conns } = await zooPending('zoo-pending.zeek');
  const worst = rows.reduce((a, b) => (Number(b.max) > Number(a.max) ? b : a));
  expect(Number(worst.max)).toBe(1260);
  const conn = conns.find((c) => c.uid === worst.max_uid);
  expect(conn?.['id.orig_p']).toBe('55080');
  expect(worst.max_id).toBe('10.0.2.15:55080/tcp -> 192.150.187.43:80/tcp');
  // Each connection is measured at its removal, those open across a 10 s dump also then:
  // at least as many measurements as conn.log has connections.
  expect(rows.reduce((sum, row) => sum + Number(row.connections), 0)).toBeGreaterThanOrEqual(conns.length);
});

withTrace('zoo-pending-drained.zeek: emptied every 10 packets, no connection holds more than 36', async () => {
  const { rows } = await zooPending('zoo-pending-drained.zeek');
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(Number(row.max)).toBeLessThanOrEqual(36);
});
