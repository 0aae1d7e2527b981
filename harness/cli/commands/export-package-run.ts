import path from 'node:path';
import { exportPackage } from '../../scaffold/export-package.js';
import type { CommandContext } from '../command-context.js';

/** `zeek-budget export-package` once its arguments are parsed (loaded only when it runs). */
export async function runExportPackageCommand(dir: string, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const r = await exportPackage(path.resolve(io.cwd, dir), io.env);
  const shown = path.relative(io.cwd, r.dir) || '.';
  io.stdout.write(
    [
      `zeek-budget: wrote ${shown}: the measuring package my_stats ${r.version} as a git repository (${r.files.length} files, one commit ${r.commit.slice(0, 12)}, tag ${r.tag})`,
      "Install it with zkg (it runs the package's btest tests against your Zeek first; --skiptests skips them):",
      `  zkg install ${r.dir}`,
      `then load it: zkg load ${path.basename(r.dir)}  (or @load ${path.basename(r.dir)} in local.zeek), and read my_stats.log with zeek-budget summarize / check --logs.`,
      'For a cluster, push it to a git server and zkg install its URL there.',
      '',
    ].join('\n'),
  );
}
