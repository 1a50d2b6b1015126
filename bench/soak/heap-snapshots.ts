/**
 * For finding what grows: the proxy started with `--heapsnapshot-signal=SIGUSR2` (a Node flag, no
 * route in the product) writes a heap snapshot when signalled, after a full GC. The soak takes one
 * after the warm-up and one at the end; this compares them by constructor (count and self size), and
 * the RSS read just after each is the closest thing to "after a forced GC" seen from outside.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The node flags that make the proxy write a snapshot into `dir` on SIGUSR2. */
export function snapshotArgs(dir: string): string[] {
  return ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`];
}

/**
 * Signals the proxy and waits until the snapshot is written: a new file in `dir`, and the proxy
 * answering again (it writes on its main thread). Returns the file.
 */
export async function takeHeapSnapshot(pid: number, dir: string, healthUrl: string, timeoutMs = 120_000): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (Date.now() > deadline) throw new Error('soak: the heap snapshot did not come');
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (file) {
      try {
        const res = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        const size = statSync(join(dir, file)).size;
        await sleep(200);
        if (statSync(join(dir, file)).size === size) return join(dir, file);
      } catch {
        // still writing
      }
    }
    await sleep(200);
  }
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Node kinds counted by their type alone; objects, closures and natives are told apart by name. */
const BY_NAME = new Set(['object', 'closure', 'native', 'regexp']);

export interface HeapGroup {
  count: number;
  bytes: number;
}

/** Self size and count per `type: name` (e.g. `object: Socket`, `closure: onTimeout`, `(string)`). */
export function summariseHeap(file: string): Map<string, HeapGroup> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const groups = new Map<string, HeapGroup>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!] ?? '?';
    const key = BY_NAME.has(type) ? `${type}: ${snap.strings[snap.nodes[i + nameAt]!] ?? '?'}` : `(${type})`;
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    groups.set(key, g);
    g.count += 1;
    g.bytes += snap.nodes[i + sizeAt]!;
  }
  return groups;
}

export interface HeapGrowth {
  key: string;
  before: HeapGroup;
  after: HeapGroup;
}

/** The groups that grew most in bytes from `before` to `after`. */
export function heapGrowth(before: Map<string, HeapGroup>, after: Map<string, HeapGroup>, top: number): HeapGrowth[] {
  const none = { count: 0, bytes: 0 };
  return [...after]
    .map(([key, a]) => ({ key, before: before.get(key) ?? none, after: a }))
    .filter((g) => g.after.bytes > g.before.bytes)
    .sort((x, y) => y.after.bytes - y.before.bytes - (x.after.bytes - x.before.bytes))
    .slice(0, top);
}

export function totalBytes(groups: Map<string, HeapGroup>): number {
  let total = 0;
  for (const g of groups.values()) total += g.bytes;
  return total;
}
