// A log big enough for the CLI to read it on worker threads (over 16 MiB; on 3 cores or more, else
// the calling thread reads it, and the same must hold): a damaged line in the
// middle fails `summarize` with exit 3 naming that file:line, as the sequential reader does, and the
// process ends by itself (a worker left running would keep it alive: the timeout is a hang
// detector, not a speed limit). The clean log's answer is the one counted here row by row.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();
const BIN = path.join(REPO, 'dist', 'cli', 'bin.js');
const HEADER =
  '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tmy_stats\n#open\t2026-11-22-14-45-13\n' +
  '#fields\tts\trun\tnode\tmodule_name\tvariable\tsize\n#types\ttime\tcount\tstring\tstring\tstring\tcount\n';
const HEADER_LINES = 8;
const VARIABLES = Array.from({ length: 100 }, (_, i) => `M${i % 7}::var_${i}`);

/** Dumps of two nodes until the log passes 20 MiB. */
/** Also worker-1's dump that --run max picks: the largest total, of equal ones the later. */
function writeLog(file: string, damageAt?: number): { maxRun: number; maxSizes: Map<string, number> } {
  const parts: string[] = [HEADER];
  let bytes = HEADER.length;
  let line = HEADER_LINES;
  let run = 0;
  let maxRun = 0;
  let maxTotal = -1;
  let maxSizes = new Map<string, number>();
  for (; bytes < 20 << 20;) {
    run++;
    const sizes = new Map<string, number>();
    for (const node of ['worker-1', 'worker-2']) {
      const ts = (1795358712 + run * 60).toFixed(6);
      for (const [i, v] of VARIABLES.entries()) {
        line++;
        const size = (run * 31 + i * 17) % 10_000;
        if (node === 'worker-1') sizes.set(v, size);
        const text =
          line === damageAt ? `${ts}\t${run}\t${node}\t${v.split('::')[0]}\t${v}\tNaN\n` : `${ts}\t${run}\t${node}\t${v.split('::')[0]}\t${v}\t${size}\n`;
        parts.push(text);
        bytes += text.length;
      }
    }
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    if (total >= maxTotal) [maxRun, maxTotal, maxSizes] = [run, total, sizes];
  }
  parts.push('#close\t2026-11-22-15-00-00\n');
  writeFileSync(file, parts.join(''));
  return { maxRun, maxSizes };
}

function summarize(file: string): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'summarize', file, '--run', 'max', '--node', 'worker-1', '--by', 'variable', '--format', 'json'], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

test('a big log read on every core: the answer counted row by row', () => {
  const file = path.join(tmp(), 'my_stats.log');
  const { maxRun, maxSizes } = writeLog(file);
  const r = summarize(file);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const s = JSON.parse(r.stdout) as {
    nodes: Array<{ node: string; selected: { run: number } }>;
    groups: Array<{ key: { variable: string }; footprint: number }>;
  };
  expect(s.nodes.map((n) => [n.node, n.selected.run])).toEqual([['worker-1', maxRun]]);
  expect(new Map(s.groups.map((g) => [g.key.variable, g.footprint]))).toEqual(maxSizes);
}, 180_000);

test('a damaged line deep in a big log fails with its file:line, and the process ends', () => {
  const file = path.join(tmp(), 'my_stats.log');
  // Past the first parts (4 MiB each), so a worker other than the first finds it.
  const damageAt = 123_457;
  writeLog(file, damageAt);
  const r = summarize(file);
  expect(r.signal).toBeNull();
  expect(r.status).toBe(3);
  expect(r.stderr).toContain(`${file}:${damageAt}`);
  expect(r.stderr).toContain('size');
}, 180_000);
