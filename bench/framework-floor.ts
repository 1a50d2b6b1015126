/**
 * `node dist/bench/framework-floor.js [seconds]`: what bare node:http, Express 5 and Fastify 5 cost
 * per request for the same bodyless 302, one after the other, three rounds, median kept. It explains
 * a ceiling of the main bench: whatever passes through Express pays this before any proxy work.
 */
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult } from './harness/load.js';
import { cleanEnv, freePort, spawnProc, stopAll, waitForHttp } from './harness/processes.js';

const seconds = Number(process.argv[2] ?? 4);
const dir = mkdtempSync(join(tmpdir(), 'zlp-floor-'));
const script = fileURLToPath(new URL('./targets/floor-target.js', import.meta.url));
const frameworks = ['node', 'express', 'fastify'] as const;
const results = new Map<string, LoadResult[]>();

try {
  for (let round = 0; round < 3; round++) {
    for (const framework of frameworks) {
      const port = await freePort();
      const proc = spawnProc(process.execPath, [script], { env: cleanEnv({ BENCH_PORT: String(port), BENCH_FRAMEWORK: framework }), stderrFile: join(dir, `${framework}.stderr`) });
      try {
        const url = `http://127.0.0.1:${port}/start/81234567890?exp=1&sig=x`;
        await waitForHttp(url, proc);
        const r = await runLoad({ url, headers: {}, expectStatus: 302, connections: 50, durationS: seconds, warmupS: 1, pid: proc.pid, benchPids: [] });
        results.set(framework, [...(results.get(framework) ?? []), r]);
      } finally {
        await proc.stop();
      }
    }
  }
} finally {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}

const lines = ['| framework (same bodyless 302) | req/s | CPU/req | p99 ms | others\' CPU |', '| --- | ---: | ---: | ---: | ---: |'];
for (const framework of frameworks) {
  const runs = [...(results.get(framework) ?? [])].sort((a, b) => a.rps - b.rps);
  const r = runs[Math.floor((runs.length - 1) / 2)];
  if (!r) continue;
  const label = framework === 'node' ? 'bare node:http' : framework === 'express' ? 'Express 5 (middleware + Router, as the proxy)' : 'Fastify 5';
  lines.push(`| ${label} | ${Math.round(r.rps)} | ${Math.round((r.cpuPerReqS ?? 0) * 1e6)} µs | ${r.p99Ms.toFixed(1)} | ${Math.round((r.othersCpu ?? 0) * 100)}% |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
