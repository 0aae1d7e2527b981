// The bad-input corpus: every way the inputs or the environment can go wrong that we know of, one
// row each, with the exit code and message the user gets. bad-input.test.ts runs each row through
// the built CLI in its own process and checks, besides the row's own expectations, that nothing
// crashed (no internal error, no stack trace) and nothing was left behind (no zeek process, no
// temp or lock file). To add a case, add a row (docs/robustness.md).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { renderBaseline } from '../../harness/baseline/baseline-file.js';
import { encodeAsciiLog, type AsciiColumn } from '../../harness/zeek-log/encode-ascii.js';
import { FAKE_ZEEK, REPO } from '../helpers/run-cli.js';
import { processesMentioning, runCliProcess, type ProcessResult } from './cli-process.js';

/** How a row drives the CLI (see drivers in bad-input.test.ts). */
export type Drive =
  | { kind: 'once' }
  /** As an unprivileged user: for permission cases, since the tests run as root. */
  | { kind: 'unprivileged' }
  /**
   * The signal is sent to the CLI once zeek runs (or once a process mentioning `cmdline` runs, or
   * once the CLI has `opened` this file of the case directory open); with `again`, a second time
   * once the CLI says it is stopping; `ready` must also hold before the first signal.
   */
  | { kind: 'interrupt'; signal: NodeJS.Signals; cmdline?: string; opened?: string; again?: boolean; ready?: (dir: string) => boolean }
  /** SIGKILL the CLI the moment the new baseline's temp file appears. */
  | { kind: 'kill-mid-write' }
  /** Two CLIs on the same suite at the same time; the second with `other` arguments if given. */
  | { kind: 'two-at-once'; other?: string[] }
  /** stdout is this file (a device such as /dev/full). */
  | { kind: 'stdout-to'; file: string }
  /** stdout is a pipe the test closes after the first chunk, as `| head` does. */
  | { kind: 'head' };

export interface BadInput {
  name: string;
  /** Creates the inputs in `dir` and returns the CLI arguments. */
  setup(dir: string): string[];
  env?: Record<string, string>;
  drive?: Drive;
  /** Exit code of every CLI process the row runs; null = ended by a signal; a list = any of them. */
  exit: number | null | Array<number | null>;
  /** Found in stdout or stderr (of any of the processes). */
  message: RegExp;
  /** The row leaves temp or lock files on purpose (a killed writer, someone else's lock). */
  leavesFiles?: boolean;
  /** What must still hold afterwards: the old baseline intact, a valid one written, ... */
  after?(dir: string, results: ProcessResult[]): void | Promise<void>;
}

const PCAPS = path.join(REPO, 'pcaps');
const FAST_TIMEOUT = 'timeout: 1s\n';

/** The trace, reached through a link in the case directory, so zeek's command line names the case. */
function trace(dir: string, name = 'dns.pcap', source = 'dns-300.pcap'): string {
  symlinkSync(path.join(PCAPS, source), path.join(dir, name));
  return name;
}

function suite(dir: string, body: string, name = 'suite.yaml'): string {
  writeFileSync(path.join(dir, name), body);
  return name;
}

function budget(...args: string[]): string[] {
  return ['budget', '--no-progress', ...args];
}

/** A valid baseline whose values differ from what the fake zeek measures, so --update rewrites it. */
export const OLD_BASELINE = renderBaseline(
  {
    suite: 'suite',
    zeek_version: '8.2.2',
    package_version: '0.0.1',
    subjects: { 'dns.pcap': { dumps: 1, timing: {}, variables: { 'Old::value': [1] } } },
  },
  'suite.yaml',
);

function withOldBaseline(dir: string): void {
  mkdirSync(path.join(dir, 'baselines'));
  writeFileSync(path.join(dir, 'baselines', 'suite.baseline.yaml'), OLD_BASELINE);
}

/**
 * The baseline the next run reads: the fake zeek's own build's file (Zeek 8.2, no Spicy) once an
 * update wrote it, else the single-version file these cases start from (its next update moves it).
 */
function baselineText(dir: string): string {
  const perBuild = path.join(dir, 'baselines', 'suite.zeek-8.2-no-spicy.baseline.yaml');
  return readFileSync(existsSync(perBuild) ? perBuild : path.join(dir, 'baselines', 'suite.baseline.yaml'), 'utf8');
}

const MY_STATS: AsciiColumn[] = [
  { name: 'ts', type: 'time' },
  { name: 'run', type: 'count' },
  { name: 'node', type: 'string' },
  { name: 'module_name', type: 'string' },
  { name: 'variable', type: 'string' },
  { name: 'size', type: 'count' },
];
const ROWS = [
  { ts: 1795358712.752226, run: 1, node: '', module_name: 'Conn', variable: 'Conn::state', size: 10 },
  { ts: 1795358712.75223, run: 1, node: '', module_name: 'DNS', variable: 'DNS::cache', size: 20 },
];

/** A my_stats log with `n` variables in one dump: its `--by variable` output is larger than a pipe holds. */
function manyVariablesLog(n: number): string {
  const records = Array.from({ length: n }, (_, i) => ({ ts: 1795358712.752226, run: 1, node: '', module_name: 'Big', variable: `Big::v${i}`, size: i }));
  return encodeAsciiLog({ path: 'my_stats', columns: MY_STATS, open: '2026-11-22-14-45-13', close: '2026-11-22-14-46-06', records });
}

/** How many run directories in the case's TMPDIR hold `file`. */
function runDirsWith(dir: string, file: string): number {
  const tmp = path.join(dir, 'tmp');
  return readdirSync(tmp).filter((d) => existsSync(path.join(tmp, d, file))).length;
}

/**
 * A gzip log of 1 GiB of rows in 1.2 MiB on disk (one compressed member repeated: gzip allows
 * concatenated members), so reading it takes seconds: long enough to be interrupted.
 */
function largeGzipLog(): Buffer {
  const rows =
    encodeAsciiLog({ path: 'my_stats', columns: MY_STATS, open: '2026-11-22-14-45-13', records: ROWS })
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .join('\n') + '\n';
  const block = gzipSync(rows.repeat(Math.ceil((1 << 20) / rows.length)));
  const header = gzipSync(myStatsLog({ close: false }));
  return Buffer.concat([header, ...Array.from({ length: 1024 }, () => block)]);
}

function myStatsLog(opts: { close?: boolean; columns?: AsciiColumn[] } = {}): string {
  return encodeAsciiLog({
    path: 'my_stats',
    columns: opts.columns ?? MY_STATS,
    open: '2026-11-22-14-45-13',
    close: opts.close === false ? undefined : '2026-11-22-14-46-06',
    records: ROWS,
  });
}

export const CASES: BadInput[] = [
  // --- suites ---
  {
    name: 'malformed YAML',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}\nrepeat: 2\n`)),
    exit: 2,
    message: /suite\.yaml:2:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]/,
  },
  {
    name: 'an unknown key',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\nrepat: 3\n`)),
    exit: 2,
    message: /suite\.yaml:2:1 repat: unknown key "repat" \(see suites\/schema\.json for the allowed keys\)/,
  },
  {
    name: 'wrong types (every problem, each with its line)',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\nrepeat: three\ntimeout: [1]\n`)),
    exit: 2,
    message: /suite\.yaml:2:9 repeat: .*expected number, received string\n.*suite\.yaml:3:10 timeout: /,
  },
  {
    name: 'two YAML documents in one suite (no library advice)',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\n---\nrepeat: 2\n`)),
    exit: 2,
    message: /suite\.yaml:2:1: invalid YAML: a suite is one YAML document, but a second one starts here \(after "---"\): remove the "---" or split the file/,
    after: (_d, results) => {
      if (results.some((r) => /parseAllDocuments|Warning:/.test(r.stdout + r.stderr))) throw new Error('the YAML library spoke to the user');
    },
  },
  {
    name: 'a key that is a list (the YAML library would warn on stderr)',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\n? [a, b]\n: 1\n`)),
    exit: 2,
    message: /suite\.yaml:2:3: invalid YAML: a key that is a list or a map/,
    after: (_d, results) => {
      if (results.some((r) => /stringified|Warning:/.test(r.stderr))) throw new Error(`the YAML library warned:\n${results.map((r) => r.stderr).join('')}`);
    },
  },
  {
    name: 'timeout: 0s',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\ntimeout: 0s\n`)),
    exit: 2,
    message: /suite\.yaml:2:10 timeout: must be more than 0 \("0s" would kill every zeek run at once\)/,
  },
  {
    name: 'a YAML alias bomb',
    setup: (d) => {
      const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 0; i < 8; i++)
        bomb.push(
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
        );
      return budget(suite(d, `${bomb.join('\n')}\ntraces: [${trace(d)}]\n`));
    },
    exit: 2,
    message: /suite\.yaml:2:\d+: invalid YAML: Excessive alias count indicates a resource exhaustion attack/,
  },
  {
    name: 'the suite file does not exist',
    setup: () => budget('absent.yaml'),
    exit: 2,
    message: /absent\.yaml: cannot read suite: no such file/,
  },
  // --- traces ---
  {
    name: 'a suite saved as UTF-16',
    setup: (d) => {
      writeFileSync(path.join(d, 'suite.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`traces: [${trace(d)}]\n`, 'utf16le')]));
      return budget('suite.yaml');
    },
    exit: 2,
    message: /suite\.yaml:1:1: suite is UTF-16 \(little-endian\) encoded \(it starts with that byte-order mark\); zeek-budget reads UTF-8/,
  },
  {
    name: 'a missing trace',
    setup: (d) => budget(suite(d, 'traces: [nope.pcap]\n')),
    exit: 2,
    message: /suite\.yaml:1:10 traces\[0\]: trace not found: nope\.pcap \(resolved to .*nope\.pcap\)/,
  },
  {
    name: 'a trace that is a dangling symlink',
    setup: (d) => {
      symlinkSync(path.join(d, 'gone.pcap'), path.join(d, 'dangling.pcap'));
      return budget(suite(d, 'traces: [dangling.pcap]\n'));
    },
    exit: 2,
    message: /traces\[0\]: trace not found: dangling\.pcap/,
  },
  {
    name: 'an unreadable trace (chmod 000, run as an unprivileged user)',
    setup: (d) => {
      writeFileSync(path.join(d, 'secret.pcap'), readFileSync(path.join(PCAPS, 'dns-300.pcap')));
      chmodSync(path.join(d, 'secret.pcap'), 0o000);
      return budget(suite(d, 'traces: [secret.pcap]\n'));
    },
    drive: { kind: 'unprivileged' },
    exit: 3,
    message: /RUN FAILED secret\.pcap: cannot read trace .*secret\.pcap: EACCES: permission denied/,
  },
  {
    name: 'a trace that is a FIFO (would block the checksum for ever)',
    setup: (d) => {
      execFileSync('mkfifo', [path.join(d, 'pipe.pcap')]);
      return budget(suite(d, 'traces: [pipe.pcap]\n'));
    },
    exit: 2,
    message: /traces\[0\]: .*pipe\.pcap is not a regular file \(a FIFO, socket or device\)/,
  },
  {
    name: 'a directory as trace',
    setup: (d) => {
      mkdirSync(path.join(d, 'traces.pcap'));
      return budget(suite(d, 'traces: [traces.pcap]\n'));
    },
    exit: 2,
    message: /traces\[0\]: traces\.pcap is a directory: name trace files, or a glob like traces\.pcap\/\*\.pcap/,
  },
  {
    name: 'a trace that is not a pcap',
    setup: (d) => {
      writeFileSync(path.join(d, 'notes.pcap'), 'these are my notes, not packets\n');
      return budget(suite(d, 'traces: [notes.pcap]\n'));
    },
    exit: 3,
    message: /RUN FAILED notes\.pcap \(repeat 1\): zeek exited with status 1\n\s+fatal error: problem with trace file .*notes\.pcap \(unknown file format\)/,
  },
  {
    name: 'a gzip trace that is not gzip',
    setup: (d) => {
      writeFileSync(path.join(d, 'broken.pcap.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(40, 7)]));
      return budget(suite(d, 'traces: [broken.pcap.gz]\n'));
    },
    exit: 3,
    message: /RUN FAILED broken\.pcap\.gz: cannot decompress trace .*broken\.pcap\.gz: .*\(is it a complete gzip file\?\)/,
  },
  // --- zeek ---
  {
    name: 'zeek missing',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\n`)),
    env: { PATH: '/nonexistent' },
    exit: 3,
    message: /zeek not found \(looked on PATH and in \/usr\/local\/zeek\/bin, \/opt\/zeek\/bin\)\.\nzeek-budget needs a Zeek/,
  },
  {
    name: '--zeek names a directory',
    setup: (d) => {
      mkdirSync(path.join(d, 'zeek-8.2.2'));
      return budget(suite(d, `traces: [${trace(d)}]\n`), '--zeek', 'zeek-8.2.2');
    },
    exit: 3,
    message: /zeek-8\.2\.2 cannot be started: it is a directory, not a program/,
  },
  {
    name: '--zeek names a script whose interpreter is missing',
    setup: (d) => {
      writeFileSync(path.join(d, 'zeek'), '#!/opt/gone/bin/zeek-wrapper\n');
      chmodSync(path.join(d, 'zeek'), 0o755);
      return budget(suite(d, `traces: [${trace(d)}]\n`), '--zeek', 'zeek');
    },
    exit: 3,
    message: /zeek cannot be started: its interpreter \/opt\/gone\/bin\/zeek-wrapper \(the #! line\) does not exist/,
  },
  {
    name: '--zeek names a program that is not Zeek (/bin/true)',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\n`), '--zeek', '/bin/true'),
    exit: 3,
    message: /\/bin\/true is not Zeek: `true --version` printed "true \(GNU coreutils\)/,
  },
  {
    name: '--zeek names a Zeek older than 5.0',
    setup: (d) => {
      writeFileSync(path.join(d, 'zeek'), '#!/bin/sh\necho "zeek version 4.2.2"\n');
      chmodSync(path.join(d, 'zeek'), 0o755);
      return budget(suite(d, `traces: [${trace(d)}]\n`), '--zeek', 'zeek');
    },
    exit: 3,
    message: /zeek is Zeek 4\.2\.2, older than 5\.0: the measuring package needs Zeek 5\.0 or newer/,
  },
  {
    name: 'ZEEK names a file that is not executable',
    setup: (d) => {
      writeFileSync(path.join(d, 'zeek'), '#!/bin/sh\n');
      return budget(suite(d, `traces: [${trace(d)}]\n`));
    },
    env: { ZEEK: './zeek' },
    exit: 3,
    message: /zeek not found at .*\/zeek \(given by ZEEK\): no executable file there/,
  },
  {
    name: 'a zeek script error',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\n`)),
    env: { FAKE_ZEEK_FAIL: '*' },
    exit: 3,
    message:
      /RUN FAILED dns\.pcap \(repeat 1\): zeek exited with status 1\n\s+expression error in .*__load__\.zeek, line 1: no such index \(v\[5\]\)\n\s+fatal error: errors occurred while initializing/,
  },
  {
    name: 'zeek killed by a signal',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\n`)),
    env: { FAKE_ZEEK_CRASH: '*' },
    exit: 3,
    message: /RUN FAILED dns\.pcap \(repeat 1\): zeek crashed: killed by SIGSEGV/,
  },
  {
    name: 'zeek hanging past the timeout (ignores SIGTERM): its process group is killed',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\n${FAST_TIMEOUT}`)),
    env: { FAKE_ZEEK_HANG: '*' },
    exit: 3,
    message: /RUN FAILED dns\.pcap \(repeat 1\): zeek timed out after 1 s and was killed \(raise the suite's timeout if the trace needs longer\)/,
  },
  {
    name: 'TMPDIR names a directory that does not exist',
    setup: (d) => budget(suite(d, `traces: [${trace(d)}]\n`)),
    env: { TMPDIR: '/nonexistent/tmp' },
    exit: 3,
    message: /cannot create a temporary directory in \/nonexistent\/tmp: .*\(set TMPDIR to a writable directory\)/,
  },
  // --- logs ---
  {
    name: 'a log without #close (zeek killed or still writing): rows used, warned',
    setup: (d) => {
      writeFileSync(path.join(d, 'my_stats.log'), myStatsLog({ close: false }));
      return ['summarize', 'my_stats.log'];
    },
    exit: 0,
    message: /Read 1 file\(s\), 2 row\(s\)[^]*warning: my_stats\.log has no #close: Zeek was killed or is still writing/,
  },
  {
    name: 'a log whose #fields change mid-file (appended runs): both blocks read',
    setup: (d) => {
      const reordered: AsciiColumn[] = [
        MY_STATS[4],
        MY_STATS[5],
        MY_STATS[0],
        MY_STATS[1],
        MY_STATS[2],
        MY_STATS[3],
        { name: 'extra', type: 'string' },
      ] as AsciiColumn[];
      writeFileSync(path.join(d, 'my_stats.log'), myStatsLog() + myStatsLog({ columns: reordered }));
      return ['summarize', 'my_stats.log'];
    },
    exit: 0,
    message: /Read 1 file\(s\), 4 row\(s\)/,
  },
  {
    name: 'a log whose second header block lost a my_stats column',
    setup: (d) => {
      writeFileSync(path.join(d, 'my_stats.log'), myStatsLog() + myStatsLog({ columns: MY_STATS.slice(0, 5) }));
      return ['summarize', 'my_stats.log'];
    },
    exit: 3,
    message: /my_stats\.log:20: not a my_stats log: missing column 'size'/,
  },
  {
    name: 'a corrupted gzip log',
    setup: (d) => {
      const gz = gzipSync(myStatsLog());
      gz.fill(0x55, 20, 40);
      writeFileSync(path.join(d, 'my_stats.log.gz'), gz);
      return ['summarize', 'my_stats.log.gz'];
    },
    exit: 3,
    message: /my_stats\.log\.gz: corrupt gzip data \(.*\): the file starts like a gzip log but cannot be decompressed; check it with 'gzip -t'/,
  },
  {
    name: 'a log that is a FIFO (opening it would wait for a writer for ever)',
    setup: (d) => {
      execFileSync('mkfifo', [path.join(d, 'my_stats.log')]);
      return ['summarize', 'my_stats.log'];
    },
    exit: 3,
    message: /my_stats\.log: is a FIFO \(named pipe\), not a regular file: a log is read whole/,
  },
  {
    name: 'a log whose #fields names a column twice',
    setup: (d) => {
      writeFileSync(path.join(d, 'my_stats.log'), myStatsLog().replace(/^#fields\t(.*)\tsize$/m, '#fields\t$1\tts'));
      return ['summarize', 'my_stats.log'];
    },
    exit: 3,
    message: /my_stats\.log:7: #fields: columns 1 and 6 are both named "ts": the header is damaged/,
  },
  {
    name: 'a log re-saved as UTF-16',
    setup: (d) => {
      writeFileSync(path.join(d, 'my_stats.log'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(myStatsLog(), 'utf16le')]));
      return ['summarize', 'my_stats.log'];
    },
    exit: 3,
    message: /my_stats\.log:1: holds NUL bytes: it looks UTF-16 encoded, and Zeek writes UTF-8 logs/,
  },
  {
    name: 'a log that is one 17 MiB line without a newline (damaged, or not a log)',
    setup: (d) => {
      writeFileSync(path.join(d, 'my_stats.log'), myStatsLog({ close: false }) + 'x'.repeat(17 * 1024 * 1024));
      return ['summarize', 'my_stats.log'];
    },
    exit: 3,
    message: /my_stats\.log:11: a line longer than 16 MiB without a newline: this is not a Zeek log, or it is damaged/,
  },
  // --- output ---
  {
    name: 'stdout is a full device (/dev/full): exit 3, named',
    setup: (d) => {
      writeFileSync(path.join(d, 'my_stats.log'), myStatsLog());
      return ['summarize', 'my_stats.log'];
    },
    drive: { kind: 'stdout-to', file: '/dev/full' },
    exit: 3,
    message: /zeek-budget: cannot write to stdout: no space left on the device \(ENOSPC\); the report is incomplete/,
  },
  {
    name: 'stdout closed early (| head): ends quietly, no error',
    setup: (d) => {
      writeFileSync(path.join(d, 'my_stats.log'), manyVariablesLog(20000));
      return ['summarize', 'my_stats.log', '--by', 'variable', '--format', 'csv'];
    },
    drive: { kind: 'head' },
    exit: 0,
    message: /^variable,footprint/,
    after: (_d, results) => {
      if (results.some((r) => r.stderr.trim() !== '')) throw new Error(`not quiet:\n${results.map((r) => r.stderr).join('')}`);
    },
  },
  {
    name: 'a report file that is a directory: exit 3 before any zeek runs',
    setup: (d) => {
      mkdirSync(path.join(d, 'out.json'));
      return budget(suite(d, `traces: [${trace(d)}]\n`), '--json', 'out.json');
    },
    exit: 3,
    message: /zeek-budget: .*out\.json: cannot write the json report: it is a directory \(name a file\)/,
    after: (_d, results) => {
      if (results.some((r) => /Zeek 8\.2\.2 \(/.test(r.stderr))) throw new Error('zeek ran before the report target was checked');
    },
  },
  {
    name: 'a report in a directory nobody may write to (run as an unprivileged user)',
    setup: (d) => {
      mkdirSync(path.join(d, 'locked'));
      chmodSync(path.join(d, 'locked'), 0o555);
      return budget(suite(d, `traces: [${trace(d)}]\n`), '--reporter', 'junit=locked/reports/junit.xml');
    },
    drive: { kind: 'unprivileged' },
    exit: 3,
    message: /locked\/reports\/junit\.xml: cannot write the junit report: permission denied/,
  },
  // --- baselines ---
  {
    name: 'a baseline hand-edited into invalid YAML',
    setup: (d) => {
      withOldBaseline(d);
      writeFileSync(path.join(d, 'baselines', 'suite.baseline.yaml'), OLD_BASELINE.replace('dumps: 1', 'dumps: [1'));
      return budget(suite(d, `traces: [${trace(d)}]\n`));
    },
    exit: 2,
    message:
      /suite\.baseline\.yaml:\d+:\d+: baseline is not valid YAML \(.*\): restore it from git \(git checkout -- suite\.baseline\.yaml\) or regenerate it with npm run budget -- --update/,
  },
  {
    name: 'a baseline hand-edited into the wrong shape',
    setup: (d) => {
      withOldBaseline(d);
      writeFileSync(path.join(d, 'baselines', 'suite.baseline.yaml'), OLD_BASELINE.replace('[ 1 ]', '[ one ]'));
      return budget(suite(d, `traces: [${trace(d)}]\n`));
    },
    exit: 2,
    message: /suite\.baseline\.yaml:\d+:\d+ subjects\.dns\.pcap\.variables\.Old::value\[0\]: baseline is damaged/,
  },
  {
    name: 'a baseline whose variable has another number of values than its dumps',
    setup: (d) => {
      withOldBaseline(d);
      writeFileSync(path.join(d, 'baselines', 'suite.baseline.yaml'), OLD_BASELINE.replace('[ 1 ]', '[ 1, 2 ]'));
      return budget(suite(d, `traces: [${trace(d)}]\n`));
    },
    exit: 2,
    message:
      /suite\.baseline\.yaml:\d+:\d+ subjects\.dns\.pcap\.variables\.Old::value: baseline is damaged \(2 value\(s\) but dumps is 1: one value per dump\)/,
  },
  {
    name: 'a baseline saved as UTF-16',
    setup: (d) => {
      withOldBaseline(d);
      writeFileSync(path.join(d, 'baselines', 'suite.baseline.yaml'), Buffer.from(OLD_BASELINE, 'utf16le'));
      return budget(suite(d, `traces: [${trace(d)}]\n`));
    },
    exit: 2,
    message: /suite\.baseline\.yaml:1:1: baseline looks UTF-16 \(little-endian\) encoded/,
  },
  {
    name: 'a symlinked baseline is updated through the link, not replaced',
    setup: (d) => {
      mkdirSync(path.join(d, 'elsewhere'));
      writeFileSync(path.join(d, 'elsewhere', 'suite.baseline.yaml'), OLD_BASELINE);
      mkdirSync(path.join(d, 'baselines'));
      symlinkSync(path.join('..', 'elsewhere', 'suite.baseline.yaml'), path.join(d, 'baselines', 'suite.baseline.yaml'));
      return budget(suite(d, `traces: [${trace(d)}]\n`), '--update');
    },
    exit: 0,
    message: /baseline updated/,
    after: (d) => {
      const link = path.join(d, 'baselines', 'suite.baseline.yaml');
      if (!lstatSync(link).isSymbolicLink()) throw new Error('the symlink was replaced by a plain file');
      const text = readFileSync(path.join(d, 'elsewhere', 'suite.baseline.yaml'), 'utf8');
      if (text === OLD_BASELINE || !text.includes('dns.pcap')) throw new Error(`the link's target was not updated:\n${text}`);
    },
  },
  {
    name: 'an --update while another live zeek-budget holds the baseline lock: refused, nothing written',
    setup: (d) => {
      withOldBaseline(d);
      // This test process is alive: its pid in the lock is a live writer.
      writeFileSync(path.join(d, 'baselines', 'suite.baseline.yaml.lock'), String(process.pid));
      return budget(suite(d, `traces: [${trace(d)}]\n`), '--update');
    },
    exit: 3,
    message: /suite\.baseline\.yaml: another zeek-budget \(pid \d+\) is updating this baseline; wait for it to finish/,
    leavesFiles: true,
    after: (d) => {
      if (baselineText(d) !== OLD_BASELINE) throw new Error('the baseline changed although the update was refused');
    },
  },
  ...(['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal): BadInput => ({
    name: `an --update stopped by ${signal} while zeek runs: old baseline intact, exit 128 + ${signal}`,
    setup: (d) => {
      withOldBaseline(d);
      return budget(suite(d, `traces: [${trace(d)}]\n`), '--update');
    },
    env: { FAKE_ZEEK_DELAY_MS: '20000' },
    drive: { kind: 'interrupt', signal },
    exit: { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal],
    message: new RegExp(`${signal}: stopping running zeek processes[^]*interrupted by ${signal}: runs were stopped and no baseline was written`),
    after: (d) => {
      if (baselineText(d) !== OLD_BASELINE) throw new Error('the interrupted update changed the baseline');
    },
  })),
  {
    name: 'a second SIGINT while zeek ignores SIGTERM: its group is killed and the run directories removed at once',
    setup: (d) => {
      withOldBaseline(d);
      mkdirSync(path.join(d, 'tmp'));
      return budget(suite(d, `traces: [${trace(d)}, ${trace(d, 'http.pcap', 'http-100.pcap')}]\ntimeout: 10m\n`), '--update', '--jobs', '2');
    },
    env: { FAKE_ZEEK_HANG: '*', TMPDIR: '$CASE/tmp' },
    // Both fakes hang only once they have written their first log: SIGTERM before that still ends them.
    drive: { kind: 'interrupt', signal: 'SIGINT', again: true, ready: (d) => runDirsWith(d, 'my_stats_runs.log') === 2 },
    exit: 130,
    message: /SIGINT again: stopped at once \(killed \d process group\(s\), removed \d+ temporary file\(s\) or directories\)/,
    after: (d) => {
      if (baselineText(d) !== OLD_BASELINE) throw new Error('the interrupted update changed the baseline');
      const left = readdirSync(path.join(d, 'tmp'));
      if (left.length > 0) throw new Error(`run or trace directories left in TMPDIR: ${left.join(', ')}`);
    },
  },
  {
    name: 'SIGTERM during start-up, while `zeek --version` runs: the version check is stopped too',
    setup: (d) => {
      const zeek = path.join(d, 'zeek');
      writeFileSync(zeek, '#!/bin/sh\nsleep 600\necho "zeek version 8.2.2"\n');
      chmodSync(zeek, 0o755);
      return budget(suite(d, `traces: [${trace(d)}]\n`), '--zeek', zeek);
    },
    // Once the run (on the same slow zeek) has started beside it: the runs are what was stopped.
    drive: {
      kind: 'interrupt',
      signal: 'SIGTERM',
      cmdline: 'zeek --version',
      ready: (d) => processesMentioning(d).some((p) => p.cmdline.includes(' -r ')),
    },
    exit: 143,
    message:
      /SIGTERM: stopping running zeek processes[^]*interrupted by SIGTERM: runs were stopped and no baseline was written \(.*zeek had not answered --version yet\)/,
  },
  {
    name: 'summarize stops on SIGINT while it reads a large log',
    setup: (d) => {
      writeFileSync(path.join(d, 'big.log.gz'), largeGzipLog());
      return ['summarize', 'big.log.gz'];
    },
    drive: { kind: 'interrupt', signal: 'SIGINT', opened: 'big.log.gz' },
    exit: 130,
    message: /zeek-budget: SIGINT: stopped/,
  },
  {
    name: 'check --logs stops on SIGTERM while it reads a large log',
    setup: (d) => {
      writeFileSync(path.join(d, 'big.log.gz'), largeGzipLog());
      return ['check', '--logs', 'big.log.gz'];
    },
    drive: { kind: 'interrupt', signal: 'SIGTERM', opened: 'big.log.gz' },
    exit: 143,
    message: /zeek-budget: SIGTERM: stopped/,
  },
  {
    name: 'merge stops on SIGHUP (sent as it starts: at worst the default action of the signal, the same status)',
    setup: (d) => {
      writeFileSync(path.join(d, 'r.json'), '{}');
      return ['merge', path.join(d, 'r.json')];
    },
    drive: { kind: 'interrupt', signal: 'SIGHUP', cmdline: 'merge' },
    exit: [129, null, 2],
    message: /[^]*/,
  },
  {
    name: 'an --update killed (SIGKILL) while writing the baseline: the file is the old or the new one, whole',
    setup: (d) => {
      withOldBaseline(d);
      return budget(suite(d, `traces: [${trace(d)}]\n`), '--update');
    },
    drive: { kind: 'kill-mid-write' },
    // Killed (null), or the write finished before the kill arrived (0): either way a whole file.
    exit: [null, 0],
    message: /^/,
    after: async (d) => {
      const text = baselineText(d);
      if (text !== OLD_BASELINE && !/^ {6}DCE_RPC::operations: \[ \d+(, \d+)* \]$/m.test(text)) {
        throw new Error(`the baseline is neither the old one nor a complete new one:\n${text}`);
      }
      if (!text.endsWith('\n')) throw new Error('the baseline was cut short');
      // The killed writer's lock and temp file are its last traces: the next update clears both.
      const again = await runCliProcess(budget('suite.yaml', '--update'), { cwd: d, env: { ZEEK: FAKE_ZEEK } });
      if (again.code !== 0 || !/DCE_RPC::operations/.test(baselineText(d))) throw new Error(`the next --update failed:\n${again.stdout}${again.stderr}`);
    },
  },
  {
    name: 'two --update runs at once on the same suite: both complete, one whole baseline, separate run directories',
    setup: (d) => {
      withOldBaseline(d);
      mkdirSync(path.join(d, 'tmp'));
      return budget(suite(d, `traces: [${trace(d)}, ${trace(d, 'http.pcap', 'http-100.pcap')}]\n`), '--update', '--keep-tmp');
    },
    env: { FAKE_ZEEK_DELAY_MS: '300' },
    drive: { kind: 'two-at-once' },
    // The lock is held only while writing: usually both write in turn; if they collide, one is refused.
    exit: [0, 3],
    message: /baseline (updated|unchanged)/,
    after: (d, results) => {
      for (const r of results.filter((x) => x.code === 3)) {
        if (!/another zeek-budget \(pid \d+\) is updating this baseline/.test(r.stderr)) throw new Error(`unexpected failure:\n${r.stderr}`);
      }
      if (!/^ {6}DCE_RPC::operations: \[ \d+(, \d+)* \]$/m.test(baselineText(d))) throw new Error('no complete new baseline');
      // --keep-tmp keeps every run directory: 2 processes x 2 traces, none shared.
      const runDirs = readdirSync(path.join(d, 'tmp')).filter((n) => n.startsWith('zeek-budget-suite-'));
      if (new Set(runDirs).size !== 4) throw new Error(`expected 4 separate run directories, found ${runDirs.join(', ')}`);
    },
  },
  {
    name: 'two --update runs at once, each on other traces (--filter): neither update is lost',
    setup: (d) => {
      mkdirSync(path.join(d, 'baselines'));
      mkdirSync(path.join(d, 'tmp'));
      writeFileSync(path.join(d, 'baselines', 'suite.baseline.yaml'), OLD_TWO_TRACES);
      return budget(suite(d, `traces: [${trace(d)}, ${trace(d, 'http.pcap', 'http-100.pcap')}]\n`), '--update', '--filter', 'dns.pcap');
    },
    // Both runs take as long, so both read the old baseline before either writes.
    env: { FAKE_ZEEK_DELAY_MS: '300' },
    drive: { kind: 'two-at-once', other: budget('suite.yaml', '--update', '--filter', 'http.pcap') },
    exit: [0, 3],
    message: /baseline updated/,
    after: (d, results) => {
      for (const r of results.filter((x) => x.code === 3)) {
        if (!/another zeek-budget \(pid \d+\) is updating this baseline/.test(r.stderr)) throw new Error(`unexpected failure:\n${r.stderr}`);
      }
      if (results.some((r) => r.code !== 0)) return;
      const text = baselineText(d);
      if (text.includes('Old::value')) throw new Error(`an update was lost: a trace still has its old entry:\n${text}`);
    },
  },
];

/** An old baseline of both traces, each with a variable no zeek run has. */
const OLD_TWO_TRACES = renderBaseline(
  {
    suite: 'suite',
    zeek_version: '8.2.2',
    package_version: '0.0.1',
    subjects: {
      'dns.pcap': { dumps: 1, timing: {}, variables: { 'Old::value': [1] } },
      'http.pcap': { dumps: 1, timing: {}, variables: { 'Old::value': [1] } },
    },
  },
  'suite.yaml',
);

/** Every row's environment: the fake zeek (unless the row replaces PATH/ZEEK). */
export function caseEnv(row: BadInput, dir: string): Record<string, string> {
  const env: Record<string, string> = { ZEEK: FAKE_ZEEK, TMPDIR: row.drive?.kind === 'two-at-once' ? path.join(dir, 'tmp') : (process.env.TMPDIR ?? '/tmp') };
  if (row.env?.PATH) delete env.ZEEK;
  const own = Object.fromEntries(Object.entries(row.env ?? {}).map(([k, v]) => [k, v.replaceAll('$CASE', dir)]));
  return { ...env, ...own };
}
