import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { EnvironmentError } from '../errors.js';
import type { TraceRef } from '../suite/types.js';

export interface PreparedTrace {
  /** What zeek reads: the trace itself, or its decompressed copy. */
  path: string;
  /** SHA-256 of the packet data zeek reads (of the decompressed content for .gz). */
  sha256: string;
  bytes: number;
}

/**
 * Decompresses gzip'ed traces (zeek cannot read them) once per invocation, and checksums every
 * trace once, however many runs read it.
 */
export class TraceStore {
  private readonly prepared = new Map<string, Promise<PreparedTrace>>();
  private counter = 0;

  constructor(private readonly scratchDir: string) {}

  prepare(trace: TraceRef): Promise<PreparedTrace> {
    let p = this.prepared.get(trace.path);
    if (!p) {
      p = trace.compressed ? this.decompress(trace) : trace.workload ? this.generate(trace) : checksum(trace.path);
      this.prepared.set(trace.path, p);
    }
    return p;
  }

  /** Generated once per parameter set and kept in the cache, so later runs only checksum it. */
  private async generate(trace: TraceRef): Promise<PreparedTrace> {
    const spec = trace.workload!.spec;
    try {
      // Loaded on use: suites without generated traces do not pay for the generator.
      const { ensureWorkloadTrace } = await import('../workloads/index.js');
      const file = await ensureWorkloadTrace(spec, path.dirname(trace.path));
      return await checksum(file);
    } catch (e) {
      throw new EnvironmentError(`cannot generate the ${spec.kind} workload for ${trace.label} in ${path.dirname(trace.path)}: ${(e as Error).message}`);
    }
  }

  private async decompress(trace: TraceRef): Promise<PreparedTrace> {
    const inner = path.basename(trace.path).replace(/\.gz$/i, '');
    const out = path.join(this.scratchDir, `${this.counter++}-${inner}`);
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        bytes += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(trace.path), createGunzip(), tap, createWriteStream(out));
    } catch (e) {
      throw new EnvironmentError(`cannot decompress trace ${trace.path}: ${(e as Error).message} (is it a complete gzip file?)`);
    }
    return { path: out, sha256: hash.digest('hex'), bytes };
  }
}

async function checksum(file: string): Promise<PreparedTrace> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (e) {
    throw new EnvironmentError(`cannot read trace ${file}: ${(e as Error).message}`);
  }
  return { path: file, sha256: hash.digest('hex'), bytes };
}
