import type { Command } from 'commander';
import type { CommandContext } from '../main.js';

/** Placeholder registration; replaced by the summarize command (issue 2). */
export function registerSummarize(_program: Command, _ctx: CommandContext): void {}
