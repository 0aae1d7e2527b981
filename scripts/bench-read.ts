/**
 * Child process of the benchmark: reads one log through one API and prints a JSON line with the
 * row count, the time spent reading and this process's peak RSS. Run as its own process so the
 * RSS is the reader's alone.
 */
import { readFootprints, scanFootprints, StringTable } from '../harness/zeek-log/my-stats.js';
import { openLogBytes } from '../harness/zeek-log/open-log-bytes.js';
import { readZeekLog } from '../harness/zeek-log/read-zeek-log.js';
import type { LogReadStats } from '../harness/zeek-log/types.js';

const [mode, file] = process.argv.slice(2);
if (!file || !['records', 'footprints', 'scan', 'lines'].includes(mode ?? '')) {
  process.stderr.write('usage: bench-read records|footprints|scan|lines FILE\n');
  process.exit(2);
}

const start = performance.now();
let rows = 0;
let check = 0;
if (mode === 'records') {
  for await (const r of readZeekLog(file)) {
    rows++;
    check += r.values.size as number;
  }
} else if (mode === 'footprints') {
  for await (const r of readFootprints(file)) {
    rows++;
    check += r.size;
  }
} else if (mode === 'lines') {
  // The floor for any reader in node: the same reads (and gunzip), counting newlines only.
  for await (const chunk of (await openLogBytes(file)).chunks) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) rows++;
  }
} else {
  const stats: LogReadStats = { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
  await scanFootprints(file, {}, stats, new StringTable(), (_ts, _run, _node, _module, _variable, size) => {
    rows++;
    check += size;
  });
}
const seconds = (performance.now() - start) / 1000;
process.stdout.write(JSON.stringify({ rows, check, seconds, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
