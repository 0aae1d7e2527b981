// The zeekctl driver's parts: finding the installation and its directories, the site policy edit,
// tcpreplay's command line.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseSuite } from '../../harness/suite/load-suite.js';
import { captureInterface, nodesReached, tcpreplayArgs, unreachableReplay } from '../../harness/sources/zeekctl/replay.js';
import { parseNodeCfg } from '../../harness/sources/node-cfg.js';
import { BEGIN_MARKER, END_MARKER, installSitePolicy, removeSitePolicy } from '../../harness/sources/zeekctl/site-policy.js';
import { readInstallation } from '../../harness/sources/zeekctl/zeekctl-installation.js';
import { countedDumps } from '../../harness/sources/zeekctl/wait-for-dumps.js';
import { ZEEK_PACKAGE_SCRIPTS } from '../../harness/zeek-package.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { fakeInstallation, LEAKY } from './fake-cluster.js';

const tmp = useTempDir();

test('the installation: directories from etc/zeekctl.cfg (with ${...} references), defaults otherwise, nodes from node.cfg', async () => {
  const prefix = fakeInstallation(tmp());
  const inst = await readInstallation({ prefix }, {});
  expect(inst).toMatchObject({
    zeekctl: path.join(prefix, 'bin', 'zeekctl'),
    prefix,
    logDir: path.join(prefix, 'logs'),
    spoolDir: path.join(prefix, 'spool'),
    tmpDir: path.join(prefix, 'spool', 'tmp'),
    siteDir: path.join(prefix, 'share', 'zeek', 'site'),
    siteScripts: ['local.zeek'],
    foundBy: "the suite's prefix",
  });
  expect(inst.nodes.map((n) => `${n.name}/${n.type}`)).toEqual(['logger-1/logger', 'manager/manager', 'proxy-1/proxy', 'worker-1/worker', 'worker-2/worker']);
  writeFileSync(
    path.join(prefix, 'etc', 'zeekctl.cfg'),
    'SpoolDir = /var/spool/zeek   # moved\nLogDir = ${SpoolDir}/../logs\nSitePolicyPath = /etc/zeek/site:/more\n',
  );
  // Found through ZEEKCTL: the prefix is where bin/zeekctl lives.
  const moved = await readInstallation({}, { ZEEKCTL: path.join(prefix, 'bin', 'zeekctl') });
  expect(moved).toMatchObject({
    prefix,
    spoolDir: '/var/spool/zeek',
    logDir: '/var/spool/zeek/../logs',
    tmpDir: '/var/spool/zeek/tmp',
    siteDir: '/etc/zeek/site',
    foundBy: 'ZEEKCTL',
  });
});

test("the site policy: the package and the suite's scripts copied in, one marked @load, removed again byte for byte", async () => {
  const site = path.join(tmp(), 'site');
  mkdirSync(site);
  const original = '##! Local site policy.\n@load misc/loaded-scripts\nredef digest_salt = "x";\n';
  writeFileSync(path.join(site, 'local.zeek'), original);
  writeFileSync(
    path.join(tmp(), 'suite.yaml'),
    `source: { zeekctl: { mode: deploy } }\nzeek:\n  scripts: [${LEAKY}, policy/frameworks/notice/weird]\n  redefs: { "Leaky::expire": true, "HTTP::max_pending": 10 }\n  interval: 10s\n  first_delay: 2s\n`,
  );
  const suite = await parseSuite(readFileSync(path.join(tmp(), 'suite.yaml'), 'utf8'), path.join(tmp(), 'suite.yaml'));
  await installSitePolicy(site, 'local.zeek', suite);
  const local = readFileSync(path.join(site, 'local.zeek'), 'utf8');
  expect(local).toBe(`${original}\n${BEGIN_MARKER}\n@load ./zeek-budget\n${END_MARKER}\n`);
  expect(
    readFileSync(path.join(site, 'zeek-budget', '__load__.zeek'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#')),
  ).toEqual([
    '@load ./package',
    '@load ./scripts/0-leaky.zeek',
    '@load policy/frameworks/notice/weird',
    'redef my_stats::min_var_size_to_log = 0;',
    'redef my_stats::run_interval = 10sec;',
    'redef my_stats::first_delay = 2sec;',
    'redef Leaky::expire = T;',
    'redef HTTP::max_pending = 10;',
    '',
  ]);
  // Copies, so zeekctl install ships them to other hosts too.
  expect(readdirSync(path.join(site, 'zeek-budget', 'package')).sort()).toEqual(readdirSync(ZEEK_PACKAGE_SCRIPTS).sort());
  expect(readFileSync(path.join(site, 'zeek-budget', 'scripts', '0-leaky.zeek'), 'utf8')).toBe(readFileSync(LEAKY, 'utf8'));
  // A second install (a run interrupted before its clean-up) replaces the block instead of adding one.
  await installSitePolicy(site, 'local.zeek', suite);
  expect(readFileSync(path.join(site, 'local.zeek'), 'utf8')).toBe(local);
  await removeSitePolicy(site, 'local.zeek');
  expect(readFileSync(path.join(site, 'local.zeek'), 'utf8')).toBe(original);
  expect(readdirSync(site)).toEqual(['local.zeek']);
});

test('tcpreplay: interface, pace, loops, then the traces', () => {
  expect(tcpreplayArgs({ interface: 'lo', traces: ['/t/a.pcap', '/t/b.pcap'], speed: 1, loop: 1 })).toEqual([
    '--intf1=lo',
    '--multiplier=1',
    '/t/a.pcap',
    '/t/b.pcap',
  ]);
  expect(tcpreplayArgs({ interface: 'eth1', traces: ['/t/a.pcap'], speed: 'top', loop: 3 })).toEqual(['--intf1=eth1', '--topspeed', '--loop=3', '/t/a.pcap']);
});

test('which nodes a replay reaches: those capturing on that interface on this machine (af_packet::eth1 captures eth1)', () => {
  const nodes = parseNodeCfg(
    '[logger-1]\ntype=logger\n\n[worker-1]\ntype=worker\nhost=localhost\ninterface=af_packet::eth1\n\n[worker-2]\ntype=worker\nhost=127.0.0.1\ninterface=lo\n\n[worker-3]\ntype=worker\nhost=10.99.99.99\ninterface=eth1\n',
    'node.cfg',
  );
  expect(captureInterface('af_packet::eth1')).toBe('eth1');
  expect(captureInterface('pf_ring::eth2')).toBe('eth2');
  expect(nodesReached(nodes, 'eth1').map((n) => n.name)).toEqual(['worker-1']);
  expect(nodesReached(nodes, 'lo').map((n) => n.name)).toEqual(['worker-2']);
  expect(nodesReached(nodes, 'eth9')).toEqual([]);
  expect(unreachableReplay(nodes, 'eth9', '/opt/zeek/etc/node.cfg')).toBe(
    'source.zeekctl.replay.interface eth9 reaches no node of /opt/zeek/etc/node.cfg (worker-1: af_packet::eth1 on localhost, worker-2: lo on 127.0.0.1, worker-3: eth1 on 10.99.99.99): ' +
      'the replayed traffic would be seen by nobody and the wait for dumps would only run into the timeout. Replay onto eth1 or lo, ' +
      'or run the suite against a cluster whose nodes capture on this machine (scripts/cluster/test-cluster.sh setup makes one on lo)',
  );
});

test('the dumps that count: the first N, or with a replay the N ending with the first dump after it ended', () => {
  const dumps = [10, 11, 12, 13, 14, 15].map((ts) => ({ ts }));
  const ts = (d: Array<{ ts: number }>) => d.map((x) => x.ts);
  expect(ts(countedDumps(dumps, 3, undefined))).toEqual([10, 11, 12]);
  // The replay ended before the third dump: the first three already saw everything.
  expect(ts(countedDumps(dumps, 3, 11.5))).toEqual([10, 11, 12]);
  // It ended late: the window slides to end with dump 14, still three dumps.
  expect(ts(countedDumps(dumps, 3, 13.5))).toEqual([12, 13, 14]);
  // A dump at the very second it ended did not see the end of it.
  expect(ts(countedDumps(dumps, 2, 14))).toEqual([14, 15]);
  // No dump after the end (a timed-out wait): the first N, as without a replay.
  expect(ts(countedDumps(dumps, 3, 99))).toEqual([10, 11, 12]);
});
