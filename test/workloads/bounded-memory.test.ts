/**
 * Large workloads stream: flows are created lazily, in start order, and only the connections active
 * at a given moment are held. Asserted on the generator's own bookkeeping, not on timing or RSS.
 */
import path from 'node:path';
import { PcapWriter } from '../../harness/pcap/pcap-writer.js';
import type { Flow } from '../../harness/workloads/flow.js';
import { workloadFlows } from '../../harness/workloads/index.js';
import { writeMergedFlows } from '../../harness/workloads/merge-flows.js';
import { makeTempDir, removeDir } from './trace-helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('bounded');
});
afterAll(() => removeDir(dir));

/** Wraps a flow source to record, each time a flow is pulled, how many flows are started and unfinished. */
function watched(source: Iterator<Flow>) {
  const live: Flow[] = [];
  let pulled = 0;
  let maxLive = 0;
  const it: Iterator<Flow> = {
    next() {
      const r = source.next();
      if (!r.done) {
        pulled++;
        for (let i = live.length - 1; i >= 0; i--) if (!Number.isFinite(live[i]!.nextTs)) live.splice(i, 1);
        live.push(r.value);
        maxLive = Math.max(maxLive, live.length);
      }
      return r;
    },
  };
  return { it, stats: () => ({ pulled, maxLive }) };
}

test('50k tcp-churn connections stream through a few hundred live flows', async () => {
  const w = watched(workloadFlows({ kind: 'tcp-churn', count: 50_000, hosts: 100, duration: 600, seed: 1 }));
  const writer = await PcapWriter.create(path.join(dir, 'churn-50k.pcap'));
  const stats = await writeMergedFlows(w.it, writer);
  const summary = await writer.close();
  expect(summary.packets).toBe(50_000 * 9);
  expect(stats.packets).toBe(summary.packets);
  expect(w.stats().pulled).toBe(50_000);
  // 50k connections over 600 s is ~83 per second, each lasting well under a second.
  expect(stats.maxActiveFlows).toBeLessThan(500);
  expect(w.stats().maxLive).toBeLessThan(500);
  expect(summary.bytes).toBeGreaterThan(summary.packets * 54);
}, 60_000);

test('flows are pulled from the source only when their start time comes', async () => {
  const flows = workloadFlows({ kind: 'dns', count: 1000, duration: 100, seed: 1 });
  let pulledAtFirstPacket = -1;
  let pulled = 0;
  const source: Iterator<Flow> = {
    next() {
      const r = flows.next();
      if (!r.done) pulled++;
      return r;
    },
  };
  const writer = await PcapWriter.create(path.join(dir, 'lazy.pcap'));
  const realAdd = writer.add.bind(writer);
  writer.add = (ts, frame) => {
    if (pulledAtFirstPacket < 0) pulledAtFirstPacket = pulled;
    return realAdd(ts, frame);
  };
  await writeMergedFlows(source, writer);
  await writer.close();
  expect(pulled).toBe(1000);
  // Before the first packet goes out, only the first flow (and the one peeked after it) were created.
  expect(pulledAtFirstPacket).toBeLessThanOrEqual(2);
});

test('long-lived keeps exactly one small state per open connection', async () => {
  const writer = await PcapWriter.create(path.join(dir, 'long.pcap'));
  const stats = await writeMergedFlows(workloadFlows({ kind: 'long-lived', count: 2000, duration: 60, seed: 1 }), writer);
  await writer.close();
  expect(stats.maxActiveFlows).toBe(2000);
});
