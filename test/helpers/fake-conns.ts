import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './run-cli.js';

const FAKE_DIR = path.join(REPO, 'test', 'fixtures');

/**
 * The fake zeekctl's nodes (test/fixtures/fake-zeekctl/cluster-node.mjs) write their logs
 * themselves, not through the fake zeek: they write the conns log of their own.
 */
export const FAKE_CLUSTER_WRITES_CONNS = readFileSync(path.join(FAKE_DIR, 'fake-zeekctl', 'cluster-node.mjs'), 'utf8').includes('my_stats_conns');

export const withConnsCluster: jest.It = FAKE_CLUSTER_WRITES_CONNS ? test : test.skip;
