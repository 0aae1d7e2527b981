/**
 * The small generated traces committed under pcaps/ for the project's own suite. Regenerating them
 * must reproduce the committed bytes exactly (a test checks it); change a spec or the generator and
 * the files must be regenerated and committed together with GENERATOR_VERSION bumped.
 */
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { WorkloadSpec } from './workload-spec.js';
import { writeWorkloadPcap, type WorkloadWriteResult } from './write-workload.js';

export interface ProjectTrace {
  file: string;
  spec: WorkloadSpec;
  purpose: string;
}

export const PROJECT_TRACES: readonly ProjectTrace[] = [
  {
    file: 'tcp-churn-200.pcap',
    spec: { kind: 'tcp-churn', count: 200, hosts: 10, duration: 90, seed: 1 },
    purpose: 'connection churn: 200 short TCP connections, 200 conn.log rows',
  },
  {
    file: 'dns-300.pcap',
    spec: { kind: 'dns', count: 300, hosts: 10, duration: 90, seed: 1 },
    purpose: '300 answered DNS queries for distinct names, 300 dns.log rows',
  },
  {
    file: 'http-100.pcap',
    spec: { kind: 'http', count: 100, hosts: 10, duration: 90, seed: 1 },
    purpose: '100 HTTP requests to distinct hosts and URIs, 100 http.log rows',
  },
  {
    file: 'long-lived-50.pcap',
    spec: { kind: 'long-lived', count: 50, hosts: 10, duration: 120, seed: 1 },
    purpose: '50 TCP connections open for the whole trace: state that never goes away',
  },
  {
    file: 'scan-1000.pcap',
    spec: { kind: 'scan', count: 1000, hosts: 1, duration: 60, seed: 1 },
    purpose: 'a SYN scan of 1000 ports of one host: many rejected connections',
  },
];

export const CHECKSUM_FILE = 'SHA256SUMS';

export interface WrittenProjectTrace extends ProjectTrace {
  result: WorkloadWriteResult;
}

/** Writes every project trace into `dir` plus a SHA256SUMS file (`sha256sum -c` format). */
export async function writeProjectTraces(dir: string): Promise<WrittenProjectTrace[]> {
  const written: WrittenProjectTrace[] = [];
  for (const trace of PROJECT_TRACES) {
    written.push({ ...trace, result: await writeWorkloadPcap(trace.spec, path.join(dir, trace.file)) });
  }
  await writeFile(path.join(dir, CHECKSUM_FILE), formatChecksums(written));
  return written;
}

export function formatChecksums(traces: readonly WrittenProjectTrace[]): string {
  return traces.map((t) => `${t.result.sha256}  ${t.file}\n`).join('');
}
