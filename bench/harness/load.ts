/**
 * A bounded load run with autocannon: `warmupS` unmeasured, then `durationS` measured, with the
 * target's CPU time read around the measured part only.
 */
import autocannon from 'autocannon';
import { startNoiseMeter } from './noise-meter.js';
import { readCpuSeconds, readPeakRss } from './proc-stats.js';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  /** The status every answer must have; anything else counts as an error. */
  expectStatus: number;
  connections: number;
  durationS: number;
  warmupS: number;
  /** The target process, for CPU and memory; undefined for `direct`. */
  pid: number | undefined;
  /** The bench's other processes (the upstream), left out of the others' CPU. */
  benchPids: readonly number[];
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  mbps: number;
  peakRssBytes: number | undefined;
  cpuPerReqS: number | undefined;
  errors: number;
  /** Share of the machine other people's processes used during the measured part. */
  othersCpu: number | undefined;
}

function run(spec: LoadSpec, durationS: number): Promise<autocannon.Result> {
  return autocannon({ url: spec.url, headers: spec.headers, connections: spec.connections, duration: durationS, timeout: 10 });
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupS > 0) await run(spec, spec.warmupS);
  const cpuBefore = spec.pid === undefined ? undefined : readCpuSeconds(spec.pid);
  const noise = startNoiseMeter([spec.pid, ...spec.benchPids]);
  const result = await run(spec, spec.durationS);
  const othersCpu = noise();
  const cpuAfter = spec.pid === undefined ? undefined : readCpuSeconds(spec.pid);
  const answered = result.requests.total;
  const expected = result.statusCodeStats?.[`${spec.expectStatus}`]?.count ?? 0;
  const seconds = result.duration > 0 ? result.duration : spec.durationS;
  return {
    requests: answered,
    rps: answered / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    mbps: result.throughput.total / seconds / 1e6,
    peakRssBytes: spec.pid === undefined ? undefined : readPeakRss(spec.pid),
    cpuPerReqS: cpuBefore !== undefined && cpuAfter !== undefined && answered > 0 ? (cpuAfter - cpuBefore) / answered : undefined,
    errors: result.errors + result.timeouts + Math.max(0, answered - expected),
    othersCpu,
  };
}
