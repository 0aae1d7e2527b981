import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SuiteDocument } from './schema.js';
import { durationAt, positiveDurationAt, timeAt, type Fail } from './suite-source.js';
import type { SuiteSource, ZeekRunSettings } from './types.js';
import type { PathKey } from './yaml-locations.js';
import { messageText } from '../messages.js';

// Stage 3c of loading a suite: how zeek is run (scripts, redefs, durations) and where the
// footprints come from (zeek over traces, logs, a zeekctl cluster), with absolute paths.

export async function resolveZeek(dir: string, z: SuiteDocument['zeek'], fail: Fail, mapPath: (p: string) => string): Promise<ZeekRunSettings> {
  const scripts: string[] = [];
  for (const [i, script] of z.scripts.entries()) {
    scripts.push(await resolveScript(dir, script, ['zeek', 'scripts', i], fail, mapPath));
  }
  return {
    scripts,
    redefs: Object.entries(z.redefs).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'T' : 'F') : String(v)]),
    args: z.args,
    env: z.env,
    interval: positiveDurationAt(z.interval, ['zeek', 'interval'], fail, 'make zeek dump without pause'),
    firstDelay: z.first_delay === undefined ? undefined : durationAt(z.first_delay, ['zeek', 'first_delay'], fail),
  };
}

/** Paths become absolute; whether logs exist is checked when they are read (they may be written later). */
export function resolveSource(dir: string, source: SuiteDocument['source'], fail: Fail): SuiteSource {
  if (source === undefined) return { kind: 'zeek' };
  if ('logs' in source) {
    const l = source.logs;
    const p: PathKey[] = ['source', 'logs'];
    const since = l.since === undefined ? undefined : timeAt(l.since, [...p, 'since'], fail);
    const until = l.until === undefined ? undefined : timeAt(l.until, [...p, 'until'], fail);
    if (since !== undefined && until !== undefined && since > until) throw fail([...p, 'until'], messageText('untilBeforeSince', 'since', 'until'));
    return {
      kind: 'logs',
      paths: l.paths.map((x) => path.resolve(dir, x)),
      dumps: l.dumps,
      since,
      until,
      staleAfter: l.stale_after === undefined ? undefined : durationAt(l.stale_after, [...p, 'stale_after'], fail),
    };
  }
  const z = source.zeekctl;
  const p: PathKey[] = ['source', 'zeekctl'];
  const replay = z.replay && {
    interface: z.replay.interface,
    traces: z.replay.traces.map((t, i) => {
      if (t.toLowerCase().endsWith('.gz')) throw fail([...p, 'replay', 'traces', i], `tcpreplay cannot read gzip: decompress ${t} first`);
      return path.resolve(dir, t);
    }),
    speed: z.replay.speed,
    loop: z.replay.loop,
  };
  return {
    kind: 'zeekctl',
    zeekctl: z.zeekctl === undefined ? undefined : path.resolve(dir, z.zeekctl),
    prefix: z.prefix === undefined ? undefined : path.resolve(dir, z.prefix),
    mode: z.mode,
    dumps: z.dumps,
    timeout: positiveDurationAt(z.timeout, [...p, 'timeout'], fail, 'give up on the dumps at once'),
    replay,
    stop: z.stop,
  };
}

/** A script that looks like a path must exist; a bare name (`local`, `policy/misc/stats`) is Zeek's to find. */
async function resolveScript(dir: string, script: string, p: PathKey[], fail: Fail, mapPath: (p: string) => string): Promise<string> {
  const looksLikePath = /^(\.{1,2}\/|\/)/.test(script) || script.endsWith('.zeek');
  const abs = mapPath(path.resolve(dir, script));
  if (await exists(abs)) return abs;
  if (looksLikePath) throw fail(p, `script not found: ${script} (resolved to ${abs})`);
  return script;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
