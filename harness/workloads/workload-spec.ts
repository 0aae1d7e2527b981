/** What a generated workload is: its kind, size knob, spread in trace time, and seed. */
import { ConfigError } from '../errors.js';
import { plural } from '../text/plural.js';

export type WorkloadKind = 'tcp-churn' | 'dns' | 'http' | 'long-lived' | 'scan' | 'http-keepalive' | 'http-half-duplex';

export interface WorkloadSpec {
  kind: WorkloadKind;
  /** How many connections / queries / requests / port probes. */
  count: number;
  /**
   * Client hosts (for `scan`: target hosts). Defaults to min(count, 10); for `scan` to 1. For
   * `http-keepalive` and `http-half-duplex` the number of connections (one per host), default 1.
   */
  hosts?: number;
  /** Trace time the workload spreads over, in seconds. */
  duration: number;
  seed: number;
}

/** A spec after validation, with defaults filled in. */
export interface ResolvedWorkloadSpec extends WorkloadSpec {
  hosts: number;
}

/**
 * Bumped whenever a generator's output changes for the same spec, so cached traces (keyed by
 * workloadKey) are regenerated instead of silently reused.
 */
export const GENERATOR_VERSION = 1;

export const WORKLOAD_KINDS: Record<WorkloadKind, { description: string; unit: string }> = {
  'tcp-churn': {
    description: 'complete short TCP connections (handshake, a little echo data both ways, FIN close) from the client hosts to 3 servers',
    unit: 'connection',
  },
  dns: {
    description: 'UDP DNS queries for distinct names, each answered with one A record',
    unit: 'query',
  },
  http: {
    description: 'HTTP/1.1 GET requests to distinct hosts and URIs, one per TCP connection, each answered 200 with a small body',
    unit: 'request',
  },
  'long-lived': {
    description: 'TCP connections opened in the first tenth of the duration and kept alive with periodic small messages, never closed',
    unit: 'connection',
  },
  scan: {
    description: "a SYN scan from one outside host over the target hosts' ports: closed ports reset, a few well-known ones open",
    unit: 'port',
  },
  'http-keepalive': {
    description: 'HTTP/1.1 GET requests on long keep-alive connections (one per client host, never closed), each answered 200 before the next',
    unit: 'request',
  },
  'http-half-duplex': {
    description: "HTTP/1.1 GET requests on long connections (one per client host) of which only the client's side is captured: no responses",
    unit: 'request',
  },
};

/** Kinds whose client hosts each open one connection that carries many units. */
const ONE_CONNECTION_PER_HOST: ReadonlySet<WorkloadKind> = new Set(['http-keepalive', 'http-half-duplex']);

/** Client source ports available per host (1024-65535), so each connection keeps a distinct 5-tuple. */
export const PORTS_PER_HOST = 64512;
/** Client (and scan target) addresses are 10.10.0.1 - 10.10.255.250. */
export const MAX_HOSTS = 64000;
const DEFAULT_HOSTS = 10;
/** Beyond this a generated trace would be tens of GB; a typo is more likely than intent. */
const MAX_COUNT = 50_000_000;
const MAX_DURATION = 366 * 86400;

/** Thrown for an invalid spec; `field` names the bad field so a suite loader can point at it. */
export class WorkloadSpecError extends ConfigError {
  constructor(
    readonly field: keyof WorkloadSpec,
    readonly reason: string,
  ) {
    super(`workload ${field}: ${reason}`);
  }
}

export function isWorkloadKind(kind: unknown): kind is WorkloadKind {
  return typeof kind === 'string' && Object.hasOwn(WORKLOAD_KINDS, kind);
}

/** Checks a spec and fills in defaults; throws WorkloadSpecError with a message that says the fix. */
export function resolveWorkloadSpec(spec: WorkloadSpec): ResolvedWorkloadSpec {
  const { kind, count, duration, seed } = spec;
  if (!isWorkloadKind(kind)) {
    throw new WorkloadSpecError('kind', `unknown kind ${JSON.stringify(kind)}; use one of ${Object.keys(WORKLOAD_KINDS).join(', ')}`);
  }
  const unit = WORKLOAD_KINDS[kind].unit;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new WorkloadSpecError('count', `must be a whole number of ${plural(unit)} from 1 to ${MAX_COUNT}, got ${String(count)}`);
  }
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration <= 0 || duration > MAX_DURATION) {
    throw new WorkloadSpecError('duration', `must be a number of seconds > 0 and at most ${MAX_DURATION} (one year), got ${String(duration)}`);
  }
  if (duration * 1e6 < 1) {
    throw new WorkloadSpecError('duration', `must be at least 1 microsecond (the trace's resolution), got ${duration}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new WorkloadSpecError('seed', `must be a whole number from 0 to 4294967295, got ${String(seed)}`);
  }
  const hosts = spec.hosts ?? (kind === 'scan' || ONE_CONNECTION_PER_HOST.has(kind) ? 1 : Math.min(count, DEFAULT_HOSTS));
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > MAX_HOSTS) {
    throw new WorkloadSpecError('hosts', `must be a whole number from 1 to ${MAX_HOSTS}, got ${String(spec.hosts)}`);
  }
  if (kind === 'scan') {
    if (count > hosts * 65535) {
      throw new WorkloadSpecError(
        'count',
        `${count} port probes do not fit ${hosts} target host(s) of 65535 ports each; raise hosts to at least ${Math.ceil(count / 65535)}`,
      );
    }
  } else if (ONE_CONNECTION_PER_HOST.has(kind)) {
    if (hosts > count) {
      throw new WorkloadSpecError('hosts', `${hosts} connections for ${count} ${plural(unit)} would leave some without one; use at most ${count}`);
    }
  } else if (count > hosts * PORTS_PER_HOST) {
    throw new WorkloadSpecError(
      'count',
      `${count} ${plural(unit)} from ${hosts} client host(s) would reuse source ports (${PORTS_PER_HOST} per host); ` +
        `raise hosts to at least ${Math.ceil(count / PORTS_PER_HOST)}`,
    );
  }
  return { kind, count, hosts, duration, seed };
}

/**
 * A stable, filename-safe name for the trace a spec generates, e.g. `tcp-churn-n200-h10-d90s-s1-g1`.
 * Equal resolved specs give equal keys; the generator version is part of it.
 */
export function workloadKey(spec: WorkloadSpec): string {
  const r = resolveWorkloadSpec(spec);
  // Durations are exact to the microsecond in the trace; the key keeps exactly that precision.
  const micros = Math.round(r.duration * 1e6);
  const duration = micros % 1e6 === 0 ? `${micros / 1e6}s` : `${micros}us`;
  return `${r.kind}-n${r.count}-h${r.hosts}-d${duration}-s${r.seed}-g${GENERATOR_VERSION}`;
}
