import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import type { CommentFlags } from './comment-run.js';

export function registerComment(program: Command, ctx: CommandContext): void {
  program
    .command('comment')
    .description('Post the report as ONE pull-request comment per suite and Zeek build, updated in place (GitHub Actions).')
    .option('--result <file>', 'the JSON result of `budget` (--json FILE) to report')
    .option('--from-artifact <dir>', "post the comment a fork's run left as an artifact (the workflow_run companion)")
    .option('--artifact-dir <dir>', 'where the comment goes when the token may not post it', 'zeek-budget-comment')
    .option('--repo <owner/name>', 'the repository (default: $GITHUB_REPOSITORY)')
    .option('--pr <number>', 'the pull request (default: the one of $GITHUB_EVENT_PATH)')
    .option('--key <text>', 'what makes the comment unique (default: the suites and the Zeek build)')
    .option('--head-sha <sha>', "with --from-artifact: post only if the pull request's head is this commit (the workflow_run's head_sha)")
    .addHelpText(
      'after',
      `
The token is $GITHUB_TOKEN (or $GH_TOKEN), the API $GITHUB_API_URL (default https://api.github.com).
A token that may not comment (a pull request from a fork) leaves comment.md and comment.json in
--artifact-dir for the workflow_run companion (docs/github-action.md). An API failure is reported
and exits 0: a comment never changes the outcome of the budget run.
Exit codes: 0 posted, updated, left as an artifact, or not posted because of the API; 2 bad usage or a refused artifact; 3 an unreadable result.`,
    )
    // The work is loaded on use: --help and the other commands do not pay for the GitHub client and the reporters.
    .action(async (flags: CommentFlags) => (await import('./comment-run.js')).runCommentCommand(flags, ctx));
}
