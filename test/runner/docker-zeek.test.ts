import path from 'node:path';
import { zeekCommand } from '../../harness/runner/zeek-command.js';
import { dockerImage, mountSpec, zeekImage } from '../../harness/runner/docker-zeek.js';
import type { ZeekRunSettings } from '../../harness/suite/types.js';
import { SEED_FILE, ZEEK_PACKAGE_DIR, ZEEK_PACKAGE_SCRIPTS } from '../../harness/zeek-package.js';

const settings: ZeekRunSettings = {
  scripts: ['/src/my-pkg/scripts', '/src/extra/leaky.zeek', '/src/extra/other.zeek', 'local'],
  redefs: [['MyPkg::max', '1000']],
  args: ['-b'],
  env: { ZEEK_DEFAULT_LISTEN_ADDRESS: '127.0.0.1' },
  interval: 30,
};
const isDirectory = (p: string) => p === '/src/my-pkg/scripts';

test('docker:IMAGE runs the same zeek arguments in `docker run`, with everything mounted at container paths', () => {
  const cmd = zeekCommand('docker:zeek/zeek:8.2.2', settings, '/scratch/traces/dns 300.pcap', {
    runDir: '/tmp/zeek-budget-run-1',
    user: { uid: 1000, gid: 1001 },
    containerName: 'zeek-budget-t1',
    isDirectory,
  });
  const local = zeekCommand('/opt/zeek/bin/zeek', settings, '/scratch/traces/dns 300.pcap');
  expect(cmd.file).toBe('docker');
  expect(cmd.args).toEqual([
    'run',
    '--rm',
    '--init',
    '--name',
    'zeek-budget-t1',
    '--network',
    'none',
    '--user',
    '1000:1001',
    '--mount',
    'type=bind,source=/tmp/zeek-budget-run-1,target=/zeek-budget/run',
    '--mount',
    'type=bind,source=/scratch/traces/dns 300.pcap,target=/zeek-budget/trace/dns 300.pcap,readonly',
    '--mount',
    `type=bind,source=${ZEEK_PACKAGE_DIR},target=/zeek-budget/package,readonly`,
    '--mount',
    'type=bind,source=/src/my-pkg/scripts,target=/zeek-budget/scripts/1/scripts,readonly',
    '--mount',
    'type=bind,source=/src/extra,target=/zeek-budget/scripts/2/extra,readonly',
    '--workdir',
    '/zeek-budget/run',
    '--env',
    'ZEEK_DEFAULT_LISTEN_ADDRESS=127.0.0.1',
    'zeek/zeek:8.2.2',
    'zeek',
    // The local command's arguments, path for path.
    ...local.args.map(
      (a) =>
        ({
          '/scratch/traces/dns 300.pcap': '/zeek-budget/trace/dns 300.pcap',
          [SEED_FILE]: `/zeek-budget/package/${path.relative(ZEEK_PACKAGE_DIR, SEED_FILE)}`,
          [ZEEK_PACKAGE_SCRIPTS]: '/zeek-budget/package/scripts',
          '/src/my-pkg/scripts': '/zeek-budget/scripts/1/scripts',
          '/src/extra/leaky.zeek': '/zeek-budget/scripts/2/extra/leaky.zeek',
          '/src/extra/other.zeek': '/zeek-budget/scripts/2/extra/other.zeek',
        })[a] ?? a,
    ),
  ]);
  expect(cmd.args.slice(cmd.args.indexOf('zeek') + 1)).toEqual([
    '-C',
    '-r',
    '/zeek-budget/trace/dns 300.pcap',
    '-G',
    '/zeek-budget/package/testing/random.seed',
    '-b',
    '/zeek-budget/package/scripts',
    '/zeek-budget/scripts/1/scripts',
    '/zeek-budget/scripts/2/extra/leaky.zeek',
    '/zeek-budget/scripts/2/extra/other.zeek',
    'local',
    'my_stats::min_var_size_to_log=0',
    'my_stats::run_interval=30sec',
    'MyPkg::max=1000',
  ]);
  // Killing the client at a timeout leaves the container running: the runner removes it by name.
  expect(cmd.cleanup).toEqual({ file: 'docker', args: ['rm', '--force', 'zeek-budget-t1'] });
  expect(local.cleanup).toBeUndefined();
});

test('each run gets its own container name and runs as the current user', () => {
  const a = zeekCommand('docker:zeek/zeek', { ...settings, scripts: [] }, '/t/a.pcap', { runDir: '/r' });
  const b = zeekCommand('docker:zeek/zeek', { ...settings, scripts: [] }, '/t/a.pcap', { runDir: '/r' });
  const name = (args: string[]) => args[args.indexOf('--name') + 1];
  expect(name(a.args)).toMatch(/^zeek-budget-[0-9a-f]{12}$/);
  expect(name(a.args)).not.toBe(name(b.args));
  expect(a.args).toContain(`${process.getuid?.()}:${process.getgid?.()}`);
});

test('mount values are CSV: a comma or quote in a path is quoted', () => {
  expect(mountSpec({ host: '/a,b/"c"', container: '/x', readOnly: true })).toBe('type=bind,"source=/a,b/""c""",target=/x,readonly');
});

test('docker: needs an image name', () => {
  expect(dockerImage('docker:zeek/zeek:8.2.2')).toBe('zeek/zeek:8.2.2');
  expect(dockerImage('docker:')).toBeUndefined();
  expect(dockerImage('/usr/bin/zeek')).toBeUndefined();
});

test("zeek/package-template's matrix names and bare versions name the Zeek project's images; anything else is an image", () => {
  expect(zeekImage('zeek')).toBe('zeek/zeek:latest');
  expect(zeekImage('zeek-lts')).toBe('zeek/zeek:lts');
  expect(zeekImage('zeek-nightly')).toBe('zeek/zeek-dev:latest');
  expect(zeekImage('8.2')).toBe('zeek/zeek:8.2');
  expect(zeekImage('7.0.11')).toBe('zeek/zeek:7.0.11');
  expect(zeekImage('zeek/zeek:8.0')).toBe('zeek/zeek:8.0');
  expect(zeekImage('ghcr.io/me/zeek-with-deps:1')).toBe('ghcr.io/me/zeek-with-deps:1');
  expect(dockerImage('docker:zeek-lts')).toBe('zeek/zeek:lts');
});
