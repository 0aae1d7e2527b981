import { ConfigError } from '../../harness/errors.js';
import { GENERATOR_VERSION, resolveWorkloadSpec, WORKLOAD_KINDS, workloadKey, WorkloadSpecError, type WorkloadSpec } from '../../harness/workloads/index.js';

const base: WorkloadSpec = { kind: 'tcp-churn', count: 100, duration: 60, seed: 1 };

test.each<[string, Record<string, unknown>, keyof WorkloadSpec, RegExp]>([
  ['zero count', { count: 0 }, 'count', /whole number of connections from 1/],
  ['fractional count', { count: 1.5 }, 'count', /whole number/],
  ['zero duration', { duration: 0 }, 'duration', /> 0/],
  ['negative duration', { duration: -5 }, 'duration', /> 0/],
  ['duration as text', { duration: '60s' }, 'duration', /number of seconds/],
  ['NaN duration', { duration: NaN }, 'duration', /number of seconds/],
  ['zero hosts', { hosts: 0 }, 'hosts', /from 1 to 64000/],
  ['negative seed', { seed: -1 }, 'seed', /0 to 4294967295/],
  ['unknown kind', { kind: 'smtp' }, 'kind', /unknown kind "smtp"; use one of tcp-churn, dns, http, long-lived, scan, http-keepalive, http-half-duplex/],
  ['more connections than source ports', { count: 200_000, hosts: 3 }, 'count', /raise hosts to at least 4/],
  ['more probes than ports', { kind: 'scan', count: 70_000 }, 'count', /raise hosts to at least 2/],
  ['keep-alive connections without a request', { kind: 'http-keepalive', count: 3, hosts: 4 }, 'hosts', /use at most 3/],
])('%s is refused, naming the field', (_name, change, field, message) => {
  const spec = { ...base, ...change } as WorkloadSpec;
  let err: unknown;
  try {
    resolveWorkloadSpec(spec);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(WorkloadSpecError);
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as WorkloadSpecError).field).toBe(field);
  expect((err as WorkloadSpecError).exitCode).toBe(2);
  expect((err as Error).message).toMatch(message);
});

test('defaults: up to 10 client hosts, one scan target', () => {
  expect(resolveWorkloadSpec(base).hosts).toBe(10);
  expect(resolveWorkloadSpec({ ...base, count: 3 }).hosts).toBe(3);
  expect(resolveWorkloadSpec({ ...base, kind: 'scan' }).hosts).toBe(1);
  // One long connection per host: by default, one connection carries every request.
  expect(resolveWorkloadSpec({ ...base, kind: 'http-keepalive' }).hosts).toBe(1);
  expect(resolveWorkloadSpec({ ...base, kind: 'http-half-duplex' }).hosts).toBe(1);
  // They use one source port per host, so any number of requests fits.
  expect(resolveWorkloadSpec({ ...base, kind: 'http-half-duplex', count: 1_000_000 }).hosts).toBe(1);
});

test('workloadKey is stable, filename-safe, versioned, and tells specs apart', () => {
  expect(workloadKey(base)).toBe(`tcp-churn-n100-h10-d60s-s1-g${GENERATOR_VERSION}`);
  // An explicit default is the same workload as an omitted one.
  expect(workloadKey({ ...base, hosts: 10 })).toBe(workloadKey(base));
  expect(workloadKey({ ...base, duration: 0.25 })).toBe(`tcp-churn-n100-h10-d250000us-s1-g${GENERATOR_VERSION}`);
  const variants: WorkloadSpec[] = [
    base,
    { ...base, count: 101 },
    { ...base, hosts: 11 },
    { ...base, duration: 61 },
    { ...base, duration: 60.5 },
    { ...base, seed: 2 },
    ...Object.keys(WORKLOAD_KINDS).map((kind) => ({ ...base, kind }) as WorkloadSpec),
  ];
  const keys = variants.map(workloadKey);
  expect(new Set(keys).size).toBe(variants.length - 1); // base appears twice (as itself and as kind tcp-churn)
  for (const k of keys) expect(k).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
  expect(() => workloadKey({ ...base, count: -1 })).toThrow(WorkloadSpecError);
});

test('every kind says what it generates and counts', () => {
  for (const info of Object.values(WORKLOAD_KINDS)) {
    expect(info.description.length).toBeGreaterThan(20);
    expect(['connection', 'query', 'request', 'port']).toContain(info.unit);
  }
});
