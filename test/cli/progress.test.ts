import { createProgress } from '../../harness/cli/progress.js';
import type { RunResult } from '../../harness/measure/run-result.js';

function run(label: string, failure?: RunResult['failure']): RunResult {
  return {
    suite: 'demo',
    trace: { label, path: `/t/${label}`, compressed: false },
    repeat: 1,
    command: 'zeek',
    wallSeconds: 1,
    dumps: [],
    warnings: [],
    failure,
  };
}

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return {
    chunks,
    s: {
      isTTY,
      columns: 100,
      write: (c: string) => {
        chunks.push(c);
        return true;
      },
    },
  };
}

test('in CI (no terminal): no line per run; a line per failed run, a heartbeat every few minutes, one at the end', () => {
  const { chunks, s } = stream(false);
  let now = 0;
  const p = createProgress(s, { now: () => now, heartbeatSeconds: 300 });
  p.start(40);
  for (let i = 1; i <= 40; i++) {
    now += 20_000;
    p.runEnd(run(`t${i}.pcap`, i === 7 ? { kind: 'crash', message: 'zeek crashed: killed by SIGSEGV\n  stderr tail' } : undefined), i, 40);
  }
  p.stop();
  expect(chunks.join('')).toBe(
    [
      'zeek-budget: run failed: demo/t7.pcap (repeat 1): zeek crashed: killed by SIGSEGV',
      // 15 runs after 5 minutes, 25 to go at the same pace.
      'zeek-budget: 15/40 runs done after 5m, about 8m20s to go',
      'zeek-budget: 30/40 runs done after 10m, about 3m20s to go',
      'zeek-budget: 40/40 runs done in 13m20s, 1 failed',
      '',
    ].join('\n'),
  );
});

test('on a terminal: a bar with done/total, elapsed time, ETA and failures, cleared at the end', () => {
  const { chunks, s } = stream(true);
  const p = createProgress(s);
  p.start(4);
  p.runEnd(run('a.pcap'), 1, 4);
  p.runEnd(run('b.pcap', { kind: 'timeout', message: 'timed out' }), 2, 4);
  p.stop();
  const text = chunks.join('');
  expect(text).toMatch(/zeek runs \[[█░]+\] 2\/4 \| \d+s \| ETA \d+s \| 1 FAILED \| demo\/b\.pcap/);
  // The cursor is hidden while the bar runs and shown again afterwards.
  expect(text).toContain('\x1b[?25l');
  expect(text).toContain('\x1b[?25h');
});
