/**
 * Samples of the proxy process every few seconds, read from outside: VmRSS and the open fd count
 * from /proc, and the V8 heap and active handles from its own /metrics (prom-client's process
 * metrics, which production has on), since no GC can be forced from outside.
 */
import { loadavg } from 'node:os';
import { countOpenFds, readRss } from '../harness/proc-stats.js';

export interface Sample {
  /** Seconds since the start of the traffic. */
  t: number;
  rss: number | undefined;
  fds: number | undefined;
  heapUsed: number | undefined;
  /** V8 heap reserved (used + free pages it keeps), and memory held outside it (Buffers). */
  heapTotal: number | undefined;
  external: number | undefined;
  handles: number | undefined;
  load1: number;
}

export type Measure = 'rss' | 'fds' | 'heapUsed' | 'heapTotal' | 'external' | 'handles';

async function scrape(metricsUrl: string): Promise<Partial<Pick<Sample, 'heapUsed' | 'heapTotal' | 'external' | 'handles'>>> {
  try {
    const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(2000) });
    const text = await res.text();
    const value = (name: string): number | undefined => {
      const m = new RegExp(`^${name} ([0-9.e+]+)$`, 'm').exec(text);
      return m ? Number(m[1]) : undefined;
    };
    return {
      heapUsed: value('zlp_nodejs_heap_size_used_bytes'), heapTotal: value('zlp_nodejs_heap_size_total_bytes'),
      external: value('zlp_nodejs_external_memory_bytes'), handles: value('zlp_nodejs_active_handles_total'),
    };
  } catch {
    return {};
  }
}

export async function takeSample(pid: number, metricsUrl: string, t0: number): Promise<Sample> {
  const t = (Date.now() - t0) / 1000;
  const rss = readRss(pid);
  const fds = countOpenFds(pid);
  const v8 = await scrape(metricsUrl);
  return { t, rss, fds, heapUsed: v8.heapUsed, heapTotal: v8.heapTotal, external: v8.external, handles: v8.handles, load1: loadavg()[0] ?? 0 };
}

/** Samples every `everyMs` until stopped; `stop()` resolves once the last one is in. */
export function startSampler(pid: number, metricsUrl: string, t0: number, everyMs: number): { samples: Sample[]; stop(): Promise<void> } {
  const samples: Sample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      samples.push(await takeSample(pid, metricsUrl, t0));
      const next = t0 + Math.ceil((Date.now() - t0 + 1) / everyMs) * everyMs;
      await new Promise((resolve) => setTimeout(resolve, next - Date.now()));
    }
  })();
  return {
    samples,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

export function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Drift {
  baseline: number | undefined;
  end: number | undefined;
  final: number | undefined;
  max: number | undefined;
  /** (end - baseline) / baseline. */
  change: number | undefined;
}

/**
 * Baseline: median of the samples in (warmupS - baselineS, warmupS]; end: median of those in
 * [trafficEndS - endS, trafficEndS]; final: `final`'s value; max: over everything after warm-up.
 */
export function drift(samples: Sample[], key: Measure, w: { warmupS: number; baselineS: number; trafficEndS: number; endS: number }, final: Sample): Drift {
  const values = (from: number, to: number): number[] =>
    samples.filter((s) => s.t > from && s.t <= to && s[key] !== undefined).map((s) => s[key]!);
  const baseline = median(values(w.warmupS - w.baselineS, w.warmupS + 0.5));
  const end = median(values(w.trafficEndS - w.endS, w.trafficEndS + 0.5));
  const after = values(w.warmupS, Infinity);
  return {
    baseline, end, final: final[key],
    max: after.length ? Math.max(...after) : undefined,
    change: baseline && end !== undefined ? (end - baseline) / baseline : undefined,
  };
}
