// Runs the bad-input corpus (cases.ts) through the built CLI, each row in its own directory and
// process: the row's exit code and message, then what must hold after every row — nothing crashed,
// no zeek left running, no temp or lock file left behind.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, watch } from 'node:fs';
import path from 'node:path';
import { useTempDir } from '../helpers/temp-dir.js';
import { CASES, caseEnv, type BadInput } from './cases.js';
import { CLI_BIN, hasOpen, processesMentioning, requireBuiltCli, runCliProcess, startCli, waitFor, type ProcessResult } from './cli-process.js';

const tmp = useTempDir('zeek-budget-bad-input-');
const NOBODY = 65534;
const AS_ROOT = process.getuid?.() === 0;

/** Why the CLI cannot run as an unprivileged user here (the checkout or node not readable by it), if so. */
function unprivilegedProblem(): string | undefined {
  if (!AS_ROOT) return undefined;
  const probe = spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(CLI_BIN)}, 4)`], {
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
  });
  if (probe.error) return `node (${process.execPath}) cannot run as uid ${NOBODY}: ${probe.error.message}`;
  if (probe.status !== 0) return `uid ${NOBODY} cannot read ${CLI_BIN} (a checkout under a private home directory?)`;
  return undefined;
}
const UNPRIVILEGED_PROBLEM = existsSync(CLI_BIN) ? unprivilegedProblem() : undefined;
if (UNPRIVILEGED_PROBLEM) process.stderr.write(`bad-input: rows that need an unprivileged user are skipped: ${UNPRIVILEGED_PROBLEM}\n`);

beforeAll(() => requireBuiltCli());

async function drive(row: BadInput, dir: string, argv: string[]): Promise<ProcessResult[]> {
  const env = caseEnv(row, dir);
  const drive = row.drive ?? { kind: 'once' };
  switch (drive.kind) {
    case 'once':
      return [await runCliProcess(argv, { cwd: dir, env })];
    case 'unprivileged': {
      // Root reads every file whatever its mode: only another user sees chmod 000.
      if (AS_ROOT) chmodSync(dir, 0o755);
      return [await runCliProcess(argv, { cwd: dir, env, ...(AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}) })];
    }
    case 'interrupt': {
      const cli = startCli(argv, { cwd: dir, env });
      if (drive.opened !== undefined) {
        const file = path.join(dir, drive.opened);
        await waitFor(`the CLI to open ${drive.opened}`, () => cli.child.pid !== undefined && hasOpen(cli.child.pid, file));
      } else {
        const marker = drive.cmdline ?? 'fake-zeek';
        await waitFor(`a process mentioning ${marker}`, () => processesMentioning(dir).some((p) => p.cmdline.includes(marker)));
      }
      if (drive.ready) await waitFor('the case to be ready for the signal', () => drive.ready?.(dir) ?? true);
      cli.child.kill(drive.signal);
      if (drive.again) {
        await waitFor('the CLI to say it is stopping', () => /send it again to end at once/.test(cli.output()));
        cli.child.kill(drive.signal);
      }
      return [await cli.done];
    }
    case 'kill-mid-write': {
      const baselines = path.join(dir, 'baselines');
      const cli = startCli(argv, { cwd: dir, env });
      const watcher = watch(baselines, (_event, name) => {
        if (name?.toString().endsWith('.tmp')) cli.child.kill('SIGKILL');
      });
      try {
        return [await cli.done];
      } finally {
        watcher.close();
      }
    }
    case 'stdout-to':
      return [await startCli(argv, { cwd: dir, env, stdoutFile: drive.file }).done];
    case 'head': {
      const cli = startCli(argv, { cwd: dir, env });
      // Like `| head`: read the first chunk, then close the pipe while the CLI still writes.
      await new Promise<void>((resolve) => cli.child.stdout?.once('data', () => resolve()));
      cli.child.stdout?.destroy();
      return [await cli.done];
    }
    case 'two-at-once':
      return Promise.all([runCliProcess(argv, { cwd: dir, env }), runCliProcess(drive.other ?? argv, { cwd: dir, env })]);
  }
}

function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && !e.isSymbolicLink()) walk(p);
      else if (/\.(tmp|lock)$/.test(e.name)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

const runnable = (c: BadInput) => !(c.drive?.kind === 'unprivileged' && UNPRIVILEGED_PROBLEM);
for (const c of CASES.filter((x) => !runnable(x))) test.skip(c.name, () => undefined);

test.each(CASES.filter(runnable).map((c) => [c.name, c] as const))('%s', async (_name, row) => {
  const dir = tmp();
  const argv = row.setup(dir);
  const results = await drive(row, dir, argv);
  const output = results.map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
  const allowed = Array.isArray(row.exit) ? row.exit : [row.exit];
  for (const r of results) {
    if (!allowed.includes(r.code)) throw new Error(`exit ${r.code ?? r.signal}, expected ${allowed.join(' or ')}; output:\n${output}`);
  }
  expect(output).toMatch(row.message);
  // Nothing crashed: every failure was one the tool knows and explains.
  expect(output).not.toMatch(/internal error/);
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  // No zeek (or anything else started for this case) outlives the CLI.
  await waitFor('no process of this case to be left', () => processesMentioning(dir).length === 0, 5000).catch(() => {
    throw new Error(`left running: ${JSON.stringify(processesMentioning(dir))}`);
  });
  await row.after?.(dir, results);
  if (!row.leavesFiles) expect(leftovers(dir)).toEqual([]);
});
