/** Turns a workload spec into a pcap file, streaming, and keeps a cache of generated traces. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { PcapWriter } from '../pcap/pcap-writer.js';
import type { Flow } from './flow.js';
import { dnsFlows } from './kinds/dns.js';
import { httpFlows } from './kinds/http.js';
import { httpHalfDuplexFlows, httpKeepaliveFlows } from './kinds/http-keepalive.js';
import { longLivedFlows } from './kinds/long-lived.js';
import { scanFlows } from './kinds/scan.js';
import { tcpChurnFlows } from './kinds/tcp-churn.js';
import { writeMergedFlows } from './merge-flows.js';
import { resolveWorkloadSpec, workloadKey, type ResolvedWorkloadSpec, type WorkloadKind, type WorkloadSpec } from './workload-spec.js';

export interface WorkloadWriteResult {
  packets: number;
  /** File size in bytes. */
  bytes: number;
  sha256: string;
  /** First and last packet timestamps, seconds since the epoch. */
  firstTs: number;
  lastTs: number;
}

const FLOWS: Record<WorkloadKind, (spec: ResolvedWorkloadSpec) => Iterator<Flow>> = {
  'tcp-churn': tcpChurnFlows,
  dns: dnsFlows,
  http: httpFlows,
  'long-lived': longLivedFlows,
  scan: scanFlows,
  'http-keepalive': httpKeepaliveFlows,
  'http-half-duplex': httpHalfDuplexFlows,
};

/**
 * The spec's flows (one per connection / query / probe), lazily and in order of their first packet;
 * writeMergedFlows interleaves them. Throws WorkloadSpecError for an invalid spec.
 */
export function workloadFlows(spec: WorkloadSpec): Iterator<Flow> {
  const resolved = resolveWorkloadSpec(spec);
  return FLOWS[resolved.kind](resolved);
}

/**
 * Writes the workload's trace to `file` (overwriting it). The same spec always gives the same bytes.
 * Throws WorkloadSpecError (a ConfigError) for an invalid spec before touching the file.
 */
export async function writeWorkloadPcap(spec: WorkloadSpec, file: string): Promise<WorkloadWriteResult> {
  const flows = workloadFlows(spec);
  const writer = await PcapWriter.create(file);
  try {
    await writeMergedFlows(flows, writer);
  } catch (e) {
    await writer.abort();
    throw e;
  }
  return writer.close();
}

/**
 * Returns the path of the spec's trace in `cacheDir`, generating it first if it is not there. The file
 * is written under a temporary name and renamed into place, so a trace under its final name is always
 * complete and concurrent runs (which would write identical bytes) never see a partial one.
 */
export async function ensureWorkloadTrace(spec: WorkloadSpec, cacheDir: string): Promise<string> {
  const file = path.join(cacheDir, `${workloadKey(spec)}.pcap`);
  if (await isFile(file)) return file;
  await mkdir(cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeWorkloadPcap(spec, temp);
    await rename(temp, file);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  return file;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
