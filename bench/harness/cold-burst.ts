/**
 * The cold burst: `count` start links for meetings of one host, all sent at once to a proxy that has
 * cached nothing (no access token, no ZAK). Each on its own connection, as that many browsers would.
 */
import { Agent, request } from 'node:http';
import { startNoiseMeter } from './noise-meter.js';
import { readCpuSeconds, readPeakRss } from './proc-stats.js';

export interface BurstResult {
  total: number;
  redirects: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
  peakRssBytes: number | undefined;
  cpuPerReqS: number | undefined;
  othersCpu: number | undefined;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function get(url: string, agent: Agent): Promise<{ status: number; ms: number }> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { agent, timeout: 30_000 }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - startedAt }));
      res.once('error', () => resolve({ status: 0, ms: performance.now() - startedAt }));
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', () => resolve({ status: 0, ms: performance.now() - startedAt }));
    req.end();
  });
}

export async function coldBurst(urls: string[], pid: number, benchPids: readonly number[]): Promise<BurstResult> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const cpuBefore = readCpuSeconds(pid);
  const noise = startNoiseMeter([pid, ...benchPids]);
  const startedAt = performance.now();
  const answers = await Promise.all(urls.map((url) => get(url, agent)));
  const elapsedMs = performance.now() - startedAt;
  const othersCpu = noise();
  const cpuAfter = readCpuSeconds(pid);
  agent.destroy();
  const statuses: Record<string, number> = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
  return {
    total: urls.length,
    redirects: statuses['302'] ?? 0,
    statuses,
    elapsedMs,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    peakRssBytes: readPeakRss(pid),
    cpuPerReqS: cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / urls.length : undefined,
    othersCpu,
  };
}
