#!/usr/bin/env node
import { EXIT, SIGNAL_EXIT, STOP_SIGNALS, type StopSignal } from '../errors.js';
import { holdsResources, releaseAllNow } from '../util/live-resources.js';
import { guardStdout } from './guarded-stdout.js';

// SIGINT (Ctrl-C), SIGTERM (kill, CI cancelling a job) and SIGHUP (the terminal closed) all stop a
// run the same way. The first one asks for a clean stop: running zeeks get SIGTERM, their
// directories are removed, no baseline is written. A command that holds nothing to clean up
// (summarize, merge, reading logs) ends at once. A second signal ends at once whatever runs:
// every zeek process group is SIGKILLed and every run and trace directory removed first.
// Either way the exit status is 128 + the signal's number (130, 143, 129), as a shell reports a
// process the signal killed.
const controller = new AbortController();
let received: StopSignal | undefined;

function endNow(sig: StopSignal, why: string): never {
  process.stderr.write(`zeek-budget: ${why}${releaseAll()}\n`);
  process.exit(SIGNAL_EXIT[sig]);
}

/** Kills every zeek process group and removes every run and trace directory at once: what was done, for the message. */
function releaseAll(): string {
  const done = releaseAllNow();
  return done.groups || done.paths ? ` (killed ${done.groups} process group(s), removed ${done.paths} temporary file(s) or directories)` : '';
}

for (const sig of STOP_SIGNALS) {
  process.on(sig, () => {
    if (received !== undefined) endNow(received, `${sig} again: stopped at once`);
    received = sig;
    if (!holdsResources()) endNow(sig, `${sig}: stopped`);
    process.stderr.write(`\nzeek-budget: ${sig}: stopping running zeek processes (send it again to end at once)...\n`);
    controller.abort(sig);
  });
}

// A bug that throws outside the command's promise chain (in an event handler) is an internal
// error as runCli reports one (exit 3), not node's exit 1, which CI would read as a failed budget;
// and like a second signal it leaves no zeek running and no run directory behind.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (e: unknown) => {
    const err = e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`zeek-budget: internal error (please report)${releaseAll()}: ${err}\n`);
    process.exit(EXIT.environment);
  });
}

// A write error on stdout (EPIPE from `| head`, ENOSPC) is handled, never an uncaught 'error'.
const out = guardStdout(process.stdout, process.stderr, () => {
  process.exitCode = EXIT.environment;
});

// Loaded only now, so a signal during start-up already meets the handlers above.
const { runCli } = await import('./main.js');
const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: out.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signal: controller.signal,
});
if (received !== undefined) {
  // The run stopped cleanly; whatever it finished, a stopped run is reported as stopped.
  releaseAllNow();
  process.exit(SIGNAL_EXIT[received]);
}
process.exitCode = out.failed() ? EXIT.environment : code;
