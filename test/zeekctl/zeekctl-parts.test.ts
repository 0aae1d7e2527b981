// The zeekctl driver's parts: finding the installation and its directories, the site policy edit,
// tcpreplay's command line.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseSuite } from '../../harness/suite/load-suite.js';
import { tcpreplayArgs } from '../../harness/sources/zeekctl/replay.js';
import { BEGIN_MARKER, END_MARKER, installSitePolicy, removeSitePolicy } from '../../harness/sources/zeekctl/site-policy.js';
import { readInstallation } from '../../harness/sources/zeekctl/zeekctl-installation.js';
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
  writeFileSync(path.join(prefix, 'etc', 'zeekctl.cfg'), 'SpoolDir = /var/spool/zeek   # moved\nLogDir = ${SpoolDir}/../logs\nSitePolicyPath = /etc/zeek/site:/more\n');
  // Found through ZEEKCTL: the prefix is where bin/zeekctl lives.
  const moved = await readInstallation({}, { ZEEKCTL: path.join(prefix, 'bin', 'zeekctl') });
  expect(moved).toMatchObject({ prefix, spoolDir: '/var/spool/zeek', logDir: '/var/spool/zeek/../logs', tmpDir: '/var/spool/zeek/tmp', siteDir: '/etc/zeek/site', foundBy: 'ZEEKCTL' });
});

test('the site policy: the package and the suite\'s scripts copied in, one marked @load, removed again byte for byte', async () => {
  const site = path.join(tmp(), 'site');
  mkdirSync(site);
  const original = '##! Local site policy.\n@load misc/loaded-scripts\nredef digest_salt = "x";\n';
  writeFileSync(path.join(site, 'local.zeek'), original);
  writeFileSync(path.join(tmp(), 'suite.yaml'), `source: { zeekctl: { mode: deploy } }\nzeek:\n  scripts: [${LEAKY}, policy/frameworks/notice/weird]\n  redefs: { "Leaky::expire": true, "HTTP::max_pending": 10 }\n  interval: 10s\n  first_delay: 2s\n`);
  const suite = await parseSuite(readFileSync(path.join(tmp(), 'suite.yaml'), 'utf8'), path.join(tmp(), 'suite.yaml'));
  await installSitePolicy(site, 'local.zeek', suite);
  const local = readFileSync(path.join(site, 'local.zeek'), 'utf8');
  expect(local).toBe(`${original}\n${BEGIN_MARKER}\n@load ./zeek-budget\n${END_MARKER}\n`);
  expect(readFileSync(path.join(site, 'zeek-budget', '__load__.zeek'), 'utf8').split('\n').filter((l) => !l.startsWith('#'))).toEqual([
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
  expect(tcpreplayArgs({ interface: 'lo', traces: ['/t/a.pcap', '/t/b.pcap'], speed: 1, loop: 1 })).toEqual(['--intf1=lo', '--multiplier=1', '/t/a.pcap', '/t/b.pcap']);
  expect(tcpreplayArgs({ interface: 'eth1', traces: ['/t/a.pcap'], speed: 'top', loop: 3 })).toEqual(['--intf1=eth1', '--topspeed', '--loop=3', '/t/a.pcap']);
});
