import { access, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ConfigError, EnvironmentError, EXIT, type ExitCode } from '../../errors.js';
import { findZeek, type ZeekInstallation } from '../../runner/find-zeek.js';
import { scanPackage, type PackageScan } from '../../scaffold/scan-package.js';
import { PACKAGE_SUITE_PATH, renderSuite } from '../../scaffold/suite-template.js';
import { packageName } from '../../scaffold/zkg-meta.js';
import { parseSuite } from '../../suite/load-suite.js';
import { ZEEK_PACKAGE_DIR } from '../../zeek-package.js';
import type { CommandContext } from '../command-context.js';
import { runBudgetCommand } from './budget-run.js';

export interface InitFlags {
  force?: boolean;
  update?: boolean;
  zeek?: string;
}

/** `zeek-budget init` once its arguments are parsed (loaded only when it runs). */
export async function runInitCommand(ctx: CommandContext, dir: string, flags: InitFlags): Promise<ExitCode> {
  const { io } = ctx;
  const scan = await scanPackage(path.resolve(io.cwd, dir));
  const suiteFile = path.join(scan.dir, PACKAGE_SUITE_PATH);
  const shown = (p: string) => path.relative(io.cwd, p) || '.';
  if (!flags.force && (await exists(suiteFile))) {
    throw new ConfigError(`${shown(suiteFile)} exists: edit it, or run init again with --force to overwrite it`);
  }
  // suites/schema.json ships beside zeek-package/ (in the repository and in the npm package).
  const text = renderSuite(scan, { suiteFile, schemaFile: path.join(path.dirname(ZEEK_PACKAGE_DIR), 'suites', 'schema.json') });
  // What init writes must load as it is; a package that makes it not (a strange trace name) is told now.
  await parseSuite(text, suiteFile);
  await mkdir(path.dirname(suiteFile), { recursive: true });
  await writeFile(suiteFile, text);
  io.stdout.write(describe(scan, shown(suiteFile), shown));

  const zeek = await findZeek(flags.zeek, io.env, io.cwd).catch((e: unknown) => {
    if (e instanceof EnvironmentError) return e;
    throw e;
  });
  const record = `npx zeek-budget budget --update ${shown(suiteFile)}`;
  if (zeek instanceof EnvironmentError) {
    io.stdout.write(noZeekAdvice(zeek, shown(suiteFile)));
    return flags.update ? EXIT.environment : EXIT.ok;
  }
  io.stdout.write(`\nZeek ${zeek.version} found: ${zeek.path}${buildNote(zeek)}.\n`);
  const go = flags.update || (await ask(io, `Record the first baseline with it now (zeek runs over each trace)? [Y/n] `));
  if (!go) {
    io.stdout.write(
      `Record the first baseline with:\n  ${record}${flags.zeek ? ` --zeek ${flags.zeek}` : ''}\nthen commit ${shown(suiteFile)} and ${shown(path.join(path.dirname(suiteFile), 'baselines'))}/.\n`,
    );
    return EXIT.ok;
  }
  io.stdout.write('\n');
  const code = await runBudgetCommand(ctx, [suiteFile], {
    update: true,
    zeek: zeek.path,
    jobs: os.availableParallelism(),
    reporter: [],
    progress: false,
    diff: false,
  });
  if (code !== EXIT.environment)
    io.stdout.write(
      `\nCommit ${shown(suiteFile)} and the baseline in ${shown(path.join(path.dirname(suiteFile), 'baselines'))}/; CI then checks every change against it.\n`,
    );
  return code;
}

function describe(scan: PackageScan, suite: string, shown: (p: string) => string): string {
  const lines = [`zeek-budget: wrote ${suite} for the Zeek package ${scan.name}`];
  lines.push(`  loads     ${scan.scriptDir || '.'} (zkg.meta script_dir)${scan.zeekRequirement ? `; the package needs zeek ${scan.zeekRequirement}` : ''}`);
  lines.push(
    scan.traces.length
      ? `  traces    ${scan.traces.length}: ${scan.traces.map(shown).join(', ')}`
      : '  traces    none found (testing/Traces/, tests/traces/, *.pcap* under testing/): generated http and dns workloads instead',
  );
  for (const s of scan.skipped) lines.push(`  skipped   ${shown(s.file)}: not a trace zeek can read (${s.why})`);
  const modules = scan.modules.map((m) => `module ${m.name} (increase, growth${scan.traces.length ? '' : ', scaling'})`);
  lines.push(
    `  budgets   ${[...(modules.length ? modules : ['every variable (the scripts declare no module)']), 'total', 'footprint_call', 'peak_rss'].join(', ')}`,
  );
  if (scan.packageDependencies.length) {
    lines.push(
      `  depends   ${scan.packageDependencies.map((d) => d.name).join(', ')}: install with zkg and load them first (commented out in the suite: packages/${packageName(scan.packageDependencies[0]!.name)} ...)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function buildNote(zeek: ZeekInstallation): string {
  return zeek.spicy === undefined ? '' : zeek.spicy ? ' (with Spicy)' : " (built without Spicy: its baseline is kept apart from a stock build's)";
}

function noZeekAdvice(e: EnvironmentError, suite: string): string {
  return [
    '',
    `No Zeek here, so no baseline was recorded (${e.message.split('\n')[0]}). The suite is written; to record its baseline:`,
    `  - with Docker, in the Zeek project's images: npx zeek-budget budget --update ${suite} --zeek docker:zeek/zeek:8.2`,
    '    (zeek/zeek:<X.Y.Z>, :<X.Y>, :lts, :latest; zeek/zeek-dev:latest for nightly; short forms: docker:zeek-lts, docker:8.2)',
    '  - or install Zeek: binary packages at https://zeek.org/get-zeek (they install to /opt/zeek/bin), or build it from source;',
    '    then --zeek /path/to/zeek, ZEEK=/path/to/zeek, or zeek on PATH',
    '  - or let CI do it: the GitHub Action of zeek-budget records and checks it in the zeek/zeek images (docs/github-action.md)',
    '',
  ].join('\n');
}

/** A yes/no question at a terminal; without one (CI, a pipe) nothing is asked and the answer is no. */
async function ask(io: CommandContext['io'], question: string): Promise<boolean> {
  if (!io.stdin?.isTTY || !io.stdout.isTTY) return false;
  io.stdout.write(question);
  const rl = createInterface({ input: io.stdin });
  try {
    const answer = (await rl.question('')).trim().toLowerCase();
    return answer === '' || answer === 'y' || answer === 'yes';
  } finally {
    rl.close();
  }
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}
