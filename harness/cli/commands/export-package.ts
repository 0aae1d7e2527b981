import path from 'node:path';
import type { Command } from 'commander';
import { exportPackage } from '../../scaffold/export-package.js';
import type { CommandContext } from '../command-context.js';

export function registerExportPackage(program: Command, ctx: CommandContext): void {
  program
    .command('export-package')
    .description('Write the measuring Zeek package (my_stats) as a git repository of its own, which zkg installs.')
    .argument('<dir>', 'a new (or empty) directory; zkg names the package after it, so my_stats is the usual name')
    .addHelpText('after', `
zkg installs packages from git repositories only, not from a directory inside one:
  zeek-budget export-package ~/my_stats && zkg install ~/my_stats     (then @load my_stats, or zkg load)
or push the repository to your git server and zkg install its URL on the cluster.
Exit codes: 0 written, 2 the directory is not empty, 3 git is missing or failed.`)
    .action(async (dir: string) => {
      const { io } = ctx;
      const r = await exportPackage(path.resolve(io.cwd, dir), io.env);
      const shown = path.relative(io.cwd, r.dir) || '.';
      io.stdout.write([
        `zeek-budget: wrote ${shown}: the measuring package my_stats ${r.version} as a git repository (${r.files.length} files, one commit ${r.commit.slice(0, 12)}, tag ${r.tag})`,
        'Install it with zkg (it runs the package\'s btest tests against your Zeek first; --skiptests skips them):',
        `  zkg install ${r.dir}`,
        `then load it: zkg load ${path.basename(r.dir)}  (or @load ${path.basename(r.dir)} in local.zeek), and read my_stats.log with zeek-budget summarize / check --logs.`,
        'For a cluster, push it to a git server and zkg install its URL there.',
        '',
      ].join('\n'));
    });
}
