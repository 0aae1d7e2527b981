/**
 * Regenerates the project's own traces in pcaps/ (or checks that they are up to date).
 *
 *   npm run build && node dist/scripts/make-pcaps.js            # rewrite pcaps/
 *   npm run build && node dist/scripts/make-pcaps.js --check    # exit 1 if pcaps/ differs
 *   node dist/scripts/make-pcaps.js --out DIR                   # write elsewhere
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatDuration } from '../harness/util/parse-duration.js';
import { writeProjectTraces } from '../harness/workloads/project-traces.js';
import { workloadKey } from '../harness/workloads/workload-spec.js';

async function main(argv: string[]): Promise<number> {
  let out = 'pcaps';
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') check = true;
    else if (arg === '--out' && argv[i + 1]) out = argv[++i]!;
    else {
      process.stderr.write(`make-pcaps: unknown argument ${arg}\nusage: make-pcaps [--out DIR] [--check]\n`);
      return 2;
    }
  }
  const dir = path.resolve(out);
  if (!check) {
    await mkdir(dir, { recursive: true });
    for (const t of await writeProjectTraces(dir)) {
      const { packets, bytes, sha256, firstTs, lastTs } = t.result;
      process.stdout.write(
        `${path.join(out, t.file)}: ${packets} packets, ${bytes} bytes, ${formatDuration(lastTs - firstTs)}, ` +
          `sha256 ${sha256.slice(0, 16)}… (${workloadKey(t.spec)})\n`,
      );
    }
    return 0;
  }
  const temp = await mkdtemp(path.join(os.tmpdir(), 'make-pcaps-'));
  try {
    let stale = 0;
    for (const t of await writeProjectTraces(temp)) {
      const committed = await readFile(path.join(dir, t.file)).catch(() => undefined);
      const sha = committed && createHash('sha256').update(committed).digest('hex');
      if (sha !== t.result.sha256) {
        stale++;
        process.stderr.write(`${path.join(out, t.file)}: ${committed ? 'differs from' : 'missing, expected'} the generated trace\n`);
      }
    }
    if (stale) {
      process.stderr.write(`make-pcaps: ${stale} trace(s) out of date; run node dist/scripts/make-pcaps.js and commit pcaps/\n`);
      return 1;
    }
    process.stdout.write(`make-pcaps: ${out} is up to date\n`);
    return 0;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
