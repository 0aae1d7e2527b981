/**
 * Measuring for the benchmarks: a shell command as a child process under /usr/bin/time (wall time
 * and peak RSS), repeated, summarised by the median; and a description of the machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Sample {
  seconds: number;
  /** Peak resident set of the command (the largest process of its tree), KiB; null without /usr/bin/time. */
  maxRssKiB: number | null;
}

export interface Summary {
  /** Median wall time of the repeats. */
  seconds: number;
  minSeconds: number;
  maxSeconds: number;
  /** Median peak RSS, MiB. */
  rssMiB: number | null;
  runs: number;
}

const hasTime = existsSync('/usr/bin/time');

export function quote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** Runs `command` with sh once; wall seconds from here, peak RSS from /usr/bin/time %M. */
export function timeCommand(command: string, workDir: string, env: NodeJS.ProcessEnv = process.env): Sample & { stdout: string } {
  const timeFile = path.join(workDir, 'time.out');
  const wrapped = hasTime ? `/usr/bin/time -f '%M' -o ${quote(timeFile)} sh -c ${quote(command)}` : command;
  const start = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', wrapped], { encoding: 'utf8', maxBuffer: 64 << 20, env });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`benchmark command failed (${r.status}): ${command}\n${r.stderr}`);
  const maxRssKiB = hasTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : null;
  return { seconds, maxRssKiB, stdout: r.stdout };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function summarize(samples: Sample[]): Summary {
  const secs = samples.map((s) => s.seconds);
  const rss = samples.map((s) => s.maxRssKiB).filter((v): v is number => v !== null);
  return {
    seconds: median(secs),
    minSeconds: Math.min(...secs),
    maxSeconds: Math.max(...secs),
    rssMiB: rss.length ? median(rss) / 1024 : null,
    runs: samples.length,
  };
}

/** `repeat` runs of a command, summarised. */
export function measure(command: string, workDir: string, repeat: number, env?: NodeJS.ProcessEnv): Summary {
  return summarize(Array.from({ length: repeat }, () => timeCommand(command, workDir, env)));
}

/** One line per fact: what the numbers were measured on. */
export function describeMachine(): string[] {
  const cpus = os.cpus();
  const awk = spawnSync('sh', ['-c', 'readlink -f "$(command -v awk)"; awk -W version 2>&1 | head -1'], { encoding: 'utf8' }).stdout.trim().split('\n');
  return [
    `CPU: ${cpus[0]?.model ?? 'unknown'} x ${cpus.length} (os.availableParallelism ${os.availableParallelism()})`,
    `memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ${os.type()} ${os.release()}`,
    `node ${process.version}; awk: ${path.basename(awk[0] ?? 'awk')} (${awk[1] ?? '?'})`,
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  ];
}
