import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './run-cli.js';

// The fake zeek learns the conns log and rss on branch `pkg`. Tests of zeek runs with connection
// data switch on by themselves once test/fixtures/fake-zeek* writes my_stats_conns.log, and are
// reported as skipped (with one line saying why) until then.
const FAKE_DIR = path.join(REPO, 'test', 'fixtures');
const sources = [
  path.join(FAKE_DIR, 'fake-zeek.mjs'),
  ...readdirSync(path.join(FAKE_DIR, 'fake-zeek')).filter((f) => f.endsWith('.mjs')).map((f) => path.join(FAKE_DIR, 'fake-zeek', f)),
];

export const FAKE_WRITES_CONNS = sources.some((f) => readFileSync(f, 'utf8').includes('my_stats_conns'));

/** `test` once the fake zeek writes the conns log, else `test.skip`. */
export const withConnsFake: jest.It = FAKE_WRITES_CONNS ? test : test.skip;

/**
 * The fake zeekctl's nodes (test/fixtures/fake-zeekctl/cluster-node.mjs) write their logs
 * themselves, not through the fake zeek: they need the conns log of their own (no branch has it yet).
 */
export const FAKE_CLUSTER_WRITES_CONNS = readFileSync(path.join(FAKE_DIR, 'fake-zeekctl', 'cluster-node.mjs'), 'utf8').includes('my_stats_conns');

export const withConnsCluster: jest.It = FAKE_CLUSTER_WRITES_CONNS ? test : test.skip;

if (!FAKE_WRITES_CONNS) {
  process.stderr.write('connection tests over fake zeek runs skipped: test/fixtures/fake-zeek* does not write my_stats_conns.log yet (branch pkg)\n');
}
