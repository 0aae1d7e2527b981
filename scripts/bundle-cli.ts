// The CLI as users run it (package.json "bin"): harness/cli/bin.ts and the parallel reader's worker
// bundled with their packages into dist/cli/, split at every import() so that a command still loads
// only what it needs. Node's module loader costs per module (resolve, read, link): the CLI's 160
// modules and zod's 95 took most of a command's start-up. dist/cli/meta.json says which sources
// each file holds (test/cli/start-up-modules.test.ts reads it). Run by `npm run build`, after tsc.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(repo, 'dist', 'cli');

rmSync(out, { recursive: true, force: true });
const result = await build({
  absWorkingDir: repo,
  // The worker's name is the one parallel-scan.ts looks for beside itself (`./scan-worker.js`).
  entryPoints: { bin: 'harness/cli/bin.ts', 'scan-worker': 'harness/zeek-log/scan-worker.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  // The CommonJS packages (yaml, tmp, commander, cli-progress) call require() for node's modules,
  // which an ES module has no binding for.
  banner: { js: "import { createRequire as __zeekBudgetRequire } from 'node:module';\nconst require = __zeekBudgetRequire(import.meta.url);" },
});
writeFileSync(path.join(out, 'meta.json'), JSON.stringify(result.metafile));
