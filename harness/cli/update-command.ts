import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How the user re-runs with --update, for the advice in reports: `npm run budget -- --update`
 * in a project whose package.json has a `budget` script (this repository), otherwise the
 * installed CLI: `npx zeek-budget budget --update` (which finds testing/zeek-budget/suite.yaml).
 */
export function updateCommandFor(cwd: string, env: NodeJS.ProcessEnv = {}): string {
  // The GitHub Action knows better: the same Zeek image the run used.
  if (env.ZEEK_BUDGET_UPDATE_COMMAND) return env.ZEEK_BUDGET_UPDATE_COMMAND;
  try {
    const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    if (pkg.scripts?.budget?.includes('budget')) return 'npm run budget -- --update';
  } catch {
    // no package.json here: not an npm project
  }
  // Installed in the project (node_modules/zeek-budget): npx finds it; else it is on PATH.
  const here = fileURLToPath(import.meta.url);
  const local = !path.relative(path.join(cwd, 'node_modules'), here).startsWith('..');
  return `${local ? 'npx ' : ''}zeek-budget budget --update`;
}
