// A bug that throws outside the command's promise chain (in an event handler: the parallel reader
// once did, on a part with more new names than a call takes arguments) must end the CLI as an
// internal error (exit 3, not node's 1, which CI reads as a failed budget), with no zeek left
// running and no run or trace directory left behind. The fault is injected from outside: a module
// loaded into the CLI's process (NODE_OPTIONS=--import) throws from a timer once the test says so.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { processesMentioning, requireBuiltCli, startCli, waitFor } from '../bad-input/cli-process.js';
import { FAKE_ZEEK, REPO } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

beforeAll(requireBuiltCli);

const FAULT = `
import { existsSync } from 'node:fs';
// Only in the CLI: the fake zeek is a node program too, and inherits NODE_OPTIONS.
if (process.argv[1]?.endsWith('bin.js')) {
  const timer = setInterval(() => {
    if (!existsSync(process.env.FAULT_FLAG)) return;
    clearInterval(timer);
    throw new Error('injected fault in an event handler');
  }, 20);
  timer.unref();
}
`;

test('an uncaught exception while zeek runs: internal error, exit 3, zeek killed, run directories removed', async () => {
  const dir = tmp();
  mkdirSync(path.join(dir, 'tmp'));
  symlinkSync(path.join(REPO, 'pcaps', 'dns-300.pcap'), path.join(dir, 'dns.pcap'));
  writeFileSync(path.join(dir, 'suite.yaml'), 'traces: [dns.pcap]\ntimeout: 5m\n');
  writeFileSync(path.join(dir, 'fault.mjs'), FAULT);
  const flag = path.join(dir, 'fault-now');
  const cli = startCli(['budget', '--no-progress', 'suite.yaml'], {
    cwd: dir,
    env: {
      ZEEK: FAKE_ZEEK,
      FAKE_ZEEK_DELAY_MS: '60000',
      TMPDIR: path.join(dir, 'tmp'),
      NODE_OPTIONS: `--import=${pathToFileURL(path.join(dir, 'fault.mjs')).href}`,
      FAULT_FLAG: flag,
    },
  });
  await waitFor('zeek to run', () => processesMentioning(dir).some((p) => p.cmdline.includes('dns.pcap') && !p.cmdline.includes('bin.js')));
  writeFileSync(flag, '');
  const r = await cli.done;
  expect(r.code).toBe(3);
  // The zeek run's group, and --version's and -N's when they had not answered yet (they run beside it).
  expect(r.stderr).toMatch(
    /zeek-budget: internal error \(please report\) \(killed [123] process group\(s\), removed \d+ temporary file\(s\) or directories\): Error: injected fault in an event handler/,
  );
  await waitFor('no process of this case to be left', () => processesMentioning(dir).length === 0, 5000);
  expect(readdirSync(path.join(dir, 'tmp'))).toEqual([]);
}, 60_000);
