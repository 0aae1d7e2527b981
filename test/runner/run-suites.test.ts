// How runs share the cores: at most `jobs` zeeks at once, and a run gives its place to the next
// zeek when its zeek exits, before its logs are read (reading them is the harness's work, not a
// reason to leave a core idle). Against the fake zeek; nothing here depends on timing: the next
// zeek is started from the exit callback (a microtask), while the finished run's logs wait on
// file reads.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runSuites } from '../../harness/runner/run-suites.js';
import { loadSuite } from '../../harness/suite/load-suite.js';
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
  expect(events.slice(0, 3)).toEqual(['start dns-300.pcap', 'start http-100.pcap', 'end dns-300.pcap']);
  // Both runs still read their logs completely, and the traces were checksummed.
  expect(run?.failures).toEqual([]);
  expect(run?.subjects.map((s) => [s.name, s.dumps.length > 0, s.trace_sha256?.length])).toEqual([
    ['dns-300.pcap', true, 64],
    ['http-100.pcap', true, 64],
  ]);
}, 60_000);

test('a gzip trace is decompressed before its zeek starts; a broken one fails only its own runs', async () => {
  const good = path.join(tmp(), 'dns-300.pcap.gz');
  writeFileSync(good, gzipSync(readFileSync(path.join(PCAPS, 'dns-300.pcap'))));
  const broken = path.join(tmp(), 'broken.pcap.gz');
  writeFileSync(broken, gzipSync(readFileSync(path.join(PCAPS, 'http-100.pcap'))).subarray(0, 100));
  const file = path.join(tmp(), 'gz.yaml');
  writeFileSync(file, `traces: [${broken}, ${good}, ${PCAPS}/http-100.pcap]\nrepeat: 2\n`);
  const suite = await loadSuite(file);
  const started: string[] = [];
  const [run] = await runSuites([suite], {
    zeekPath: FAKE_ZEEK,
    env: { PATH: process.env.PATH },
    jobs: 2,
    keepTmp: false,
    onRunStart: (r) => started.push(r.trace),
  });
  expect(started.sort()).toEqual(['dns-300.pcap.gz', 'dns-300.pcap.gz', 'http-100.pcap', 'http-100.pcap']);
  expect(run?.failures.map((f) => [f.trace.label, f.failure?.kind])).toEqual([
    ['broken.pcap.gz', 'bad-log'],
    ['broken.pcap.gz', 'bad-log'],
  ]);
  expect(run?.failures[0]?.failure?.message).toMatch(/cannot decompress trace .*broken\.pcap\.gz/);
  const sha = (name: string) => run?.subjects.find((s) => s.name === name)?.trace_sha256;
  // The checksum is of what zeek reads: the decompressed packets, the same as the plain file's.
  expect(sha('dns-300.pcap.gz')).toBe(
    createHash('sha256')
      .update(readFileSync(path.join(PCAPS, 'dns-300.pcap')))
      .digest('hex'),
  );
  expect(run?.subjects.map((s) => s.name).sort()).toEqual(['dns-300.pcap.gz', 'http-100.pcap']);
}, 60_000);
