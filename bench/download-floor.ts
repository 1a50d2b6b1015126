/**
 * `npm run bench:floor:download [GiB]`: the peak resident memory and speed of the barest Node
 * download relays, each a node:http server piping the upstream's file to curl with one HTTP client
 * (undici's raw handler as the proxy uses it, `undici.request()`, node's own client) and nothing
 * else; three rounds, median kept. It shows the floor under the proxy's download memory: what the
 * runtime and the client library take before the proxy does anything (bench/README.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { curlDownload, type DownloadResult } from './harness/download.js';
import { cleanEnv, freePort, readAnnouncement, spawnProc, stopAll, waitForHttp } from './harness/processes.js';
import { readRss } from './harness/proc-stats.js';

const gib = Number(process.argv[2] ?? 1);
const clients = ['undici-dispatch', 'undici-request', 'node-http'] as const;
const dir = mkdtempSync(join(tmpdir(), 'zlp-dl-floor-'));
const distDir = fileURLToPath(new URL('..', import.meta.url));
const results = new Map<string, Array<DownloadResult & { idleRss: number }>>();

try {
  const upstream = spawnProc(process.execPath, [join(distDir, 'bench', 'upstream', 'upstream-main.js')], { env: cleanEnv(), pipeStdout: true, stderrFile: join(dir, 'upstream.stderr') });
  const { cdnUrl } = await readAnnouncement<{ cdnUrl: string }>(upstream, 'the bench upstream');
  for (let round = 0; round < 3; round++) {
    for (const client of clients) {
      const port = await freePort();
      const proc = spawnProc(process.execPath, [join(distDir, 'bench', 'targets', 'download-floor-target.js')], {
        env: cleanEnv({ BENCH_PORT: String(port), BENCH_UPSTREAM: cdnUrl, BENCH_CLIENT: client }),
        stderrFile: join(dir, `${client}.stderr`),
      });
      try {
        const base = `http://127.0.0.1:${port}`;
        await waitForHttp(`${base}/file/16.mp4`, proc);
        const idleRss = readRss(proc.pid) ?? 0;
        const r = await curlDownload(`${base}/file/${Math.round(gib * 2 ** 30)}.mp4`, {}, proc.pid, [upstream.pid], 600);
        if (r.status !== 200 || r.bytes !== Math.round(gib * 2 ** 30)) throw new Error(`${client}: download ended ${r.status} after ${r.bytes} bytes`);
        results.set(client, [...(results.get(client) ?? []), { ...r, idleRss }]);
      } finally {
        await proc.stop();
      }
    }
  }
} finally {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}

const mb = (bytes: number | undefined): string => ((bytes ?? 0) / 1e6).toFixed(0);
const lines = [`| bare relay, ${gib} GiB (median of 3) | MB/s | idle RSS MB | peak RSS MB | others' CPU |`, '| --- | ---: | ---: | ---: | ---: |'];
for (const client of clients) {
  const runs = [...(results.get(client) ?? [])].sort((a, b) => (a.peakRssBytes ?? 0) - (b.peakRssBytes ?? 0));
  const r = runs[Math.floor((runs.length - 1) / 2)];
  if (!r) continue;
  const label = client === 'node-http' ? 'node:http client + pipeline' : client === 'undici-request' ? 'undici.request() + pipeline' : 'undici raw handler (as the proxy)';
  lines.push(`| ${label} | ${mb(r.mbps * 1e6)} | ${mb(r.idleRss)} | ${mb(r.peakRssBytes)} | ${Math.round((r.othersCpu ?? 0) * 100)}% |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
