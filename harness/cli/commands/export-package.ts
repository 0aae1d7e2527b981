import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

export function registerExportPackage(program: Command, ctx: CommandContext): void {
  program
    .command('export-package')
    .description('Write the measuring Zeek package (my_stats) as a git repository of its own, which zkg installs.')
    .argument('<dir>', 'a new (or empty) directory; zkg names the package after it, so my_stats is the usual name')
    .addHelpText(
      'after',
      `
zkg installs packages from git repositories only, not from a directory inside one:
  zeek-budget export-package ~/my_stats && zkg install ~/my_stats     (then @load my_stats, or zkg load)
or push the repository to your git server and zkg install its URL on the cluster.
Exit codes: 0 written, 2 the directory is not empty, 3 git is missing or failed.`,
    )
    // The work is loaded on use: --help and the other commands do not pay for execa and git.
    .action(async (dir: string) => (await import('./export-package-run.js')).runExportPackageCommand(dir, ctx));
}
