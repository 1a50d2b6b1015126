/**
 * `npm run bench`: the proxy against its competitors, side by side in one run (bench/README.md).
 *
 * Starts the lean upstream (and a redis-server for the proxy on the Redis store), then for each workload each target in turn (fresh process, loopback,
 * ended by PID), measures, and prints one table per workload with ratios to the best competitor of
 * the same run plus the issue's check-list; the same markdown goes to bench/results/latest.md.
 * Options: see harness/options.ts (`--duration`, `--targets`, `BENCH_PROFILE=1`, ...).
 */
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSummary, summariseFile } from './profile/summarise-cpuprofile.js';
import type { BenchContext } from './harness/bench-context.js';
import { describeMachine, sampleBusy } from './harness/machine.js';
import { readBenchOptions, type WorkloadName } from './harness/options.js';
import { cleanEnv, readAnnouncement, spawnProc, stopAll, type Proc } from './harness/processes.js';
import { startBenchRedis, type BenchRedis } from './harness/redis-server.js';
import { renderReport } from './harness/report.js';
import type { Row } from './harness/row.js';
import { TARGET_SPECS } from './harness/targets.js';
import { runBurst, runDownload, runLoadWorkload, runReplicas } from './harness/workloads.js';

const distDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = fileURLToPath(new URL('../..', import.meta.url));
const resultsDir = join(repoDir, 'bench', 'results');

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function findExecutable(name: string, extraDirs: string[]): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), ...extraDirs]) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

async function startUpstream(runDir: string): Promise<{ proc: Proc; mainUrl: string; cdnUrl: string }> {
  const proc = spawnProc(process.execPath, [join(distDir, 'bench', 'upstream', 'upstream-main.js')], {
    env: cleanEnv(),
    pipeStdout: true,
    stderrFile: join(runDir, 'upstream.stderr'),
  });
  const { mainUrl, cdnUrl } = await readAnnouncement<{ mainUrl: string; cdnUrl: string }>(proc, 'the bench upstream');
  return { proc, mainUrl, cdnUrl };
}

function describeRow(r: Row): string {
  const what = r.state !== 'ok' ? `${r.state}: ${r.note ?? ''}` : r.workload === 'download'
    ? `${r.mbps?.toFixed(0)} MB/s, peak ${((r.peakRssBytes ?? 0) / 1e6).toFixed(0)} MB, errors ${r.errors}`
    : `${r.rps?.toFixed(0)} req/s, p99 ${r.p99Ms?.toFixed(1)} ms, errors ${r.errors}${r.note ? `, ${r.note}` : ''}`;
  return `${r.workload}${r.variant ? ` ${r.variant}` : ''} / ${r.target}: ${what}`;
}

async function main(): Promise<void> {
  const options = readBenchOptions(process.argv.slice(2), process.env);
  const startedAt = new Date();
  const notes: string[] = [];
  const nginxBinary = process.env.BENCH_NGINX ?? findExecutable('nginx', ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin']);
  if (!nginxBinary && options.targets.includes('nginx')) notes.push('nginx is not installed: skipped (`apt-get install nginx`, or set BENCH_NGINX to its binary).');
  const redisBinary = process.env.BENCH_REDIS_SERVER ?? findExecutable('redis-server', ['/usr/sbin', '/usr/local/bin']);
  const needsRedis = options.targets.includes('proxy-redis') && options.workloads.some((w) => ['small', 'list', 'start', 'replicas'].includes(w));
  if (!redisBinary && needsRedis) notes.push('redis-server is not installed: zoom-link-proxy (redis) and the replicas run skipped (`apt-get install redis-server`, or set BENCH_REDIS_SERVER to its binary).');
  const hasCurl = findExecutable('curl', []) !== undefined;
  if (!hasCurl && options.workloads.includes('download')) notes.push('curl is not installed: downloads skipped.');
  if (options.profile.length) notes.push(`Profiled with \`--cpu-prof\`: ${options.profile.join(', ')} (profiling slows them down: do not compare these figures with unprofiled runs).`);

  mkdirSync(resultsDir, { recursive: true });
  if (options.profile.length) rmSync(join(resultsDir, 'profiles'), { recursive: true, force: true });
  const runDir = mkdtempSync(join(tmpdir(), 'zlp-bench-'));
  const machine = describeMachine(nginxBinary);
  log(`sampling how busy the machine is (2 s)...`);
  const before = await sampleBusy(2000);
  log(`machine busy ${((before.busy ?? 0) * 100).toFixed(0)}%, load average ${before.loadavg1.toFixed(2)}`);

  const rows: Row[] = [];
  const upstream = await startUpstream(runDir);
  let redis: BenchRedis | undefined;
  if (redisBinary && needsRedis) {
    try {
      redis = await startBenchRedis(redisBinary, runDir);
    } catch (err) {
      await upstream.proc.stop();
      throw err;
    }
  }
  const ctx: BenchContext = {
    options,
    upstream: { mainUrl: upstream.mainUrl, cdnUrl: upstream.cdnUrl, pid: upstream.proc.pid },
    clientKey: 'bench-client-key-0000000000000001',
    linkSecret: 'bench-link-secret-that-is-at-least-32-characters',
    runDir,
    distDir,
    resultsDir,
    nginxBinary,
    redis,
  };
  try {
    for (const workload of options.workloads) {
      // Rounds go through the targets in turn (A B C A B C), so a burst of someone else's work
      // lands on every target alike; the median round is kept (the cold burst and the replicas run once).
      const rounds = workload === 'burst' || workload === 'replicas' ? 1 : options.rounds;
      const measured: Row[] = [];
      for (let round = 1; round <= rounds; round++) {
        for (const spec of TARGET_SPECS) {
          if (!options.targets.includes(spec.name) || !spec.workloads.includes(workload)) continue;
          if (spec.name === 'nginx' && !nginxBinary) continue;
          if (spec.name === 'proxy-redis' && !redis) continue;
          if (workload === 'download' && !hasCurl) continue;
          if (round > 1 && measured.some((r) => r.target === spec.name && r.state === 'na')) continue;
          for (const row of await runOne(ctx, spec, workload)) {
            measured.push(row);
            log(`${rounds > 1 ? `round ${round}: ` : ''}${describeRow(row)}`);
          }
        }
      }
      rows.push(...medianRows(measured));
    }
  } finally {
    await upstream.proc.stop();
    await redis?.proc.stop();
    await stopAll();
    rmSync(runDir, { recursive: true, force: true });
  }
  const after = await sampleBusy(2000);

  const profiles: string[] = [];
  for (const row of rows) {
    if (!row.profileFile || !existsSync(row.profileFile)) continue;
    const title = `${row.label}, ${row.workload}${row.variant ? ` ${row.variant}` : ''} (bench/results/profiles/${basename(row.profileFile)})`;
    profiles.push(formatSummary(title, summariseFile(row.profileFile, 12)));
  }
  const report = renderReport({ rows, options, machine, before, after, startedAt, elapsedS: (Date.now() - startedAt.getTime()) / 1000, notes, profiles });
  writeFileSync(join(resultsDir, 'latest.md'), report);
  process.stdout.write(`${report}\n`);
  log(`written to bench/results/latest.md`);
}

/** One row per target (and size): the round with the median figure, its spread in the note. */
function medianRows(measured: Row[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of measured) {
    const key = `${r.target}|${r.variant ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const ok = group.filter((r) => r.state === 'ok');
    if (group.length === 1 || ok.length === 0) return group[0]!;
    const figure = (r: Row): number => (r.workload === 'download' ? r.mbps : r.rps) ?? 0;
    const sorted = [...ok].sort((a, b) => figure(a) - figure(b));
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const spread = `median of ${ok.length} rounds (${Math.round(figure(sorted[0]!))} to ${Math.round(figure(sorted[sorted.length - 1]!))})`;
    const failed = group.length - ok.length;
    return { ...median, note: [median.note, spread, failed ? `${failed} round(s) failed` : ''].filter(Boolean).join('; ') };
  });
}

function runOne(ctx: BenchContext, spec: (typeof TARGET_SPECS)[number], workload: WorkloadName): Promise<Row[]> {
  log(`${workload} / ${spec.name} ...`);
  if (workload === 'burst') return runBurst(ctx, spec).then((r) => [r]);
  if (workload === 'replicas') return runReplicas(ctx, spec).then((r) => [r]);
  if (workload === 'download') {
    return (async () => {
      const rows: Row[] = [];
      for (const gib of ctx.options.downloadGiB) rows.push(await runDownload(ctx, spec, gib));
      return rows;
    })();
  }
  return runLoadWorkload(ctx, spec, workload).then((r) => [r]);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: ending every process the bench started`);
    void stopAll().finally(() => process.exit(130));
  });
}

main().catch(async (err: unknown) => {
  await stopAll();
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
