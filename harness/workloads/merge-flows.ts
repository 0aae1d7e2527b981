/**
 * Interleaves flows into one time-ordered packet stream. Flows arrive from `source` in order of
 * their first packet; a binary heap holds only the flows that have started and not finished, so a
 * workload of 100k short connections keeps a few hundred in memory at a time.
 */
import type { PcapWriter } from '../pcap/pcap-writer.js';
import type { Flow } from './flow.js';

interface Entry {
  flow: Flow;
  /** Arrival order: breaks timestamp ties the same way on every run. */
  order: number;
}

export interface MergeStats {
  packets: number;
  /** Largest number of flows active at once: what memory is proportional to. */
  maxActiveFlows: number;
}

export async function writeMergedFlows(source: Iterator<Flow>, writer: PcapWriter): Promise<MergeStats> {
  const heap: Entry[] = [];
  let order = 0;
  let packets = 0;
  let maxActive = 0;
  let pending = source.next();
  let lastTs = -Infinity;

  for (;;) {
    // Admit every flow that starts no later than the earliest pending packet.
    while (!pending.done && (heap.length === 0 || pending.value.nextTs <= heap[0]!.flow.nextTs)) {
      const flow = pending.value;
      if (flow.nextTs < lastTs) {
        throw new Error(`flow source out of order: a flow starts at ${flow.nextTs} µs, after a packet at ${lastTs} µs`);
      }
      if (Number.isFinite(flow.nextTs)) push(heap, { flow, order: order++ });
      pending = source.next();
    }
    if (heap.length === 0) break;
    if (heap.length > maxActive) maxActive = heap.length;

    const top = heap[0]!;
    const ts = top.flow.nextTs;
    const frame = top.flow.emit();
    lastTs = ts;
    packets++;
    if (writer.add(ts, frame)) await writer.flush();
    if (Number.isFinite(top.flow.nextTs)) siftDown(heap, 0);
    else popTop(heap);
  }
  return { packets, maxActiveFlows: maxActive };
}

function less(a: Entry, b: Entry): boolean {
  const ta = a.flow.nextTs;
  const tb = b.flow.nextTs;
  return ta < tb || (ta === tb && a.order < b.order);
}

function push(heap: Entry[], e: Entry): void {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function popTop(heap: Entry[]): void {
  const last = heap.pop()!;
  if (heap.length === 0) return;
  heap[0] = last;
  siftDown(heap, 0);
}

function siftDown(heap: Entry[], start: number): void {
  let i = start;
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < n && less(heap[l]!, heap[m]!)) m = l;
    if (r < n && less(heap[r]!, heap[m]!)) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m]!, heap[i]!];
    i = m;
  }
}
