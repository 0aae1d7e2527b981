// How runs share the cores: at most `jobs` zeeks at once, and a run gives its place to the next
// zeek when its zeek exits, before its logs are read (reading them is the harness's work, not a
// reason to leave a core idle). Against the fake zeek; nothing here depends on timing: the next
// zeek is started from the exit callback, while the finished run's logs wait on file reads.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { runSuites } from '../../harness/runner/run-suites.js';
import { loadSuite } from '../../harness/suite/load-suite.js';
import { Semaphore } from '../../harness/util/semaphore.js';
import { FAKE_ZEEK, REPO } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();
const PCAPS = path.join(REPO, 'pcaps');

test('with --jobs 1 the next zeek starts when the previous one exits, before its logs are read', async () => {
  const file = path.join(tmp(), 'two.yaml');
  writeFileSync(file, `traces:\n  - ${PCAPS}/dns-300.pcap\n  - ${PCAPS}/http-100.pcap\n`);
  const suite = await loadSuite(file);
  const events: string[] = [];
  const [run] = await runSuites([suite], {
    zeekPath: FAKE_ZEEK,
    env: { PATH: process.env.PATH },
    jobs: 1,
    keepTmp: false,
    onRunStart: (r) => events.push(`start ${r.trace}`),
    onRunEnd: (r) => events.push(`end ${r.trace.label}`),
  });
  expect(events).toEqual(['start dns-300.pcap', 'start http-100.pcap', 'end dns-300.pcap', 'end http-100.pcap']);
  // Both runs still read their logs completely.
  expect(run?.failures).toEqual([]);
  expect(run?.subjects.map((s) => [s.name, s.dumps.length > 0, typeof s.trace_sha256])).toEqual([
    ['dns-300.pcap', true, 'string'],
    ['http-100.pcap', true, 'string'],
  ]);
});

test('the semaphore admits `limit` holders, in order, and a double release frees one place', async () => {
  const s = new Semaphore(2);
  const order: number[] = [];
  const a = await s.acquire();
  const b = await s.acquire();
  const waiting = [3, 4].map((n) => s.acquire().then((release) => { order.push(n); return release; }));
  await Promise.resolve();
  expect(order).toEqual([]);
  a();
  a();
  const third = await waiting[0];
  await new Promise((resolve) => setImmediate(resolve));
  expect(order).toEqual([3]);
  b();
  const fourth = await waiting[1];
  expect(order).toEqual([3, 4]);
  third?.();
  fourth?.();
  // Both places are free again.
  await s.acquire();
  await s.acquire();
});
