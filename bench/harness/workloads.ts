/**
 * The six workloads (bench/README.md), each run against freshly started targets:
 * (a) small JSON, (b) the 300-meeting list, (c) a hot start-link redirect, (d) the cold burst,
 * (e) downloads, (f) replicas on one Redis. Every start is matched by a stop, whatever happens in between.
 */
import { Agent, request } from 'undici';
import { createLinkBuilder } from '../../src/links/link-builder.js';
import { createLinkSigner } from '../../src/links/link-signer.js';
import { BENCH_HOST, BENCH_MEETING_ID } from '../upstream/zoom-bodies.js';
import type { BenchContext } from './bench-context.js';
import { coldBurst } from './cold-burst.js';
import { curlDownload } from './download.js';
import { runLoad } from './load.js';
import type { WorkloadName } from './options.js';
import { isRouteMissing, linksRewritten, probe, type Probe } from './probe.js';
import type { Row } from './row.js';
import { BENCH_BOT, type RunningTarget, type TargetSpec } from './targets.js';

const REPLICA_COUNT = 4;
const REPLICA_REQUESTS = 10_000;

export const WORKLOAD_TITLES: Record<WorkloadName, string> = {
  small: '(a) small JSON: `GET /v2/meetings/{id}` (~1 KB)',
  list: '(b) 300-meeting list: `GET /v2/users/{u}/meetings?page_size=300` (~200 KB, every `start_url` and `download_url` rewritten by the proxy)',
  start: '(c) start-link redirect, ZAK cache hot: `GET /start/{id}?exp&sig` -> 302',
  burst: '(d) cold burst: concurrent start links for one host, nothing cached',
  download: '(e) recording download with curl',
  replicas: `(f) replicas: ${REPLICA_COUNT} proxies on one Redis, ${REPLICA_REQUESTS.toLocaleString('en-US')} mixed requests (small JSON, list, start link, bot /zak) spread round robin, everything cold at first`,
};

const NOT_BUILT = 'n/a (route not built yet)';

function links(ctx: BenchContext, base: string) {
  return createLinkBuilder(base, createLinkSigner(ctx.linkSecret, Date.now), { start: 86_400, download: 21_600 });
}

function baseRow(spec: TargetSpec, workload: WorkloadName): Row {
  return { workload, target: spec.name, label: spec.label, competitor: spec.competitor, state: 'ok' };
}

async function withTarget(ctx: BenchContext, spec: TargetSpec, run: string, row: Row, body: (t: RunningTarget) => Promise<Row>): Promise<Row> {
  let target: RunningTarget | undefined;
  let result: Row;
  try {
    target = await spec.start(ctx, run);
    result = await body(target);
  } catch (err) {
    result = { ...row, state: 'failed', note: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  } finally {
    await target?.stop();
  }
  // The profile is written when the process exits; one of a route not built yet shows only start-up.
  return target?.profileFile && result.state === 'ok' ? { ...result, profileFile: target.profileFile } : result;
}

/** What a load workload asks of one target: the path, its headers, the status every answer must have. */
function loadRequest(ctx: BenchContext, workload: 'small' | 'list' | 'start', target: RunningTarget) {
  const auth = { authorization: `Bearer ${ctx.clientKey}` };
  if (workload === 'small') return { path: `/v2/meetings/${BENCH_MEETING_ID}`, headers: auth, expectStatus: 200 };
  if (workload === 'list') return { path: `/v2/users/${BENCH_HOST.id}/meetings?page_size=300`, headers: auth, expectStatus: 200 };
  // A browser following a signed link: no key.
  const link = links(ctx, target.url).startLink(String(BENCH_MEETING_ID));
  return { path: link.slice(target.url.length), headers: {}, expectStatus: 302 };
}

function probeNote(workload: WorkloadName, spec: TargetSpec, target: RunningTarget, p: Probe): string {
  if (workload === 'start') return p.location?.includes('zak=') ? 'redirects with a fresh zak' : `redirect without zak: ${p.location ?? 'none'}`;
  const rewrites = spec.name === 'proxy' || spec.name === 'hpm-rewrite';
  const seen = linksRewritten(p.body, target.url);
  if (rewrites) return seen === 'rewritten' ? 'links rewritten' : `links ${seen}!`;
  return seen === 'not rewritten' ? 'passthrough' : `links ${seen}`;
}

export async function runLoadWorkload(ctx: BenchContext, spec: TargetSpec, workload: 'small' | 'list' | 'start'): Promise<Row> {
  const row = baseRow(spec, workload);
  return withTarget(ctx, spec, workload, row, async (target) => {
    const req = loadRequest(ctx, workload, target);
    const url = `${target.url}${req.path}`;
    const p = await probe(url, req.headers);
    if (spec.name === 'proxy' && isRouteMissing(p)) return { ...row, state: 'na', note: NOT_BUILT };
    if (p.status !== req.expectStatus) return { ...row, state: 'failed', note: `probe answered ${p.status} ${p.body.slice(0, 120)}` };
    const r = await runLoad({ url, headers: req.headers, expectStatus: req.expectStatus, connections: ctx.options.connections, durationS: ctx.options.durationS, warmupS: ctx.options.warmupS, pid: target.pid, benchPids: [ctx.upstream.pid] });
    return { ...row, ...r, note: probeNote(workload, spec, target, p) };
  });
}

async function upstreamStats(ctx: BenchContext): Promise<{ oauthMints: number; zakMints: number }> {
  return (await fetch(`${ctx.upstream.mainUrl}/__bench/stats`)).json() as Promise<{ oauthMints: number; zakMints: number }>;
}

export async function runBurst(ctx: BenchContext, spec: TargetSpec): Promise<Row> {
  const row = baseRow(spec, 'burst');
  // Counted from before the proxy starts: a token fetched at start-up would be a mint too.
  await fetch(`${ctx.upstream.mainUrl}/__bench/reset`, { method: 'POST' });
  return withTarget(ctx, spec, 'burst', row, async (target) => {
    if (target.pid === undefined) throw new Error('the burst needs a process');
    const builder = links(ctx, target.url);
    // Distinct meetings of one host: one ZAK mint must serve them all.
    const urls = Array.from({ length: ctx.options.burst }, (_, i) => builder.startLink(String(BENCH_MEETING_ID + 1000 + i)));
    const r = await coldBurst(urls, target.pid, [ctx.upstream.pid]);
    const mints = await upstreamStats(ctx);
    const others = Object.entries(r.statuses).filter(([s]) => s !== '302').map(([s, n]) => `${n}x ${s === '0' ? 'no answer' : s}`);
    return {
      ...row,
      requests: r.total,
      rps: r.total / (r.elapsedMs / 1000),
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
      peakRssBytes: r.peakRssBytes,
      cpuPerReqS: r.cpuPerReqS,
      othersCpu: r.othersCpu,
      errors: r.total - r.redirects,
      burst: { ...mints, redirects: r.redirects, total: r.total },
      note: `${r.redirects}/${r.total} answered 302${others.length ? ` (${others.join(', ')})` : ''}; OAuth mints ${mints.oauthMints}, ZAK mints ${mints.zakMints}`,
    };
  });
}

/** The proxy's signed download link, or its drop-in `/rec/download/...` with the client key. */
async function proxyDownload(ctx: BenchContext, target: RunningTarget, bytes: number): Promise<{ url: string; headers: Record<string, string> } | undefined> {
  const zoomUrl = `${ctx.upstream.mainUrl}/rec/download/${bytes}.mp4`;
  const candidates: Array<{ url: string; headers: Record<string, string> }> = [
    { url: links(ctx, target.url).downloadLink(zoomUrl), headers: {} },
    { url: `${target.url}/rec/download/${bytes}.mp4`, headers: { authorization: `Bearer ${ctx.clientKey}` } },
  ];
  for (const c of candidates) {
    const p = await probe(c.url, { ...c.headers, range: 'bytes=0-0' });
    if (!isRouteMissing(p)) return c;
  }
  return undefined;
}

export async function runDownload(ctx: BenchContext, spec: TargetSpec, gib: number): Promise<Row> {
  const bytes = Math.round(gib * 1024 ** 3);
  const row: Row = { ...baseRow(spec, 'download'), variant: `${gib} GiB` };
  return withTarget(ctx, spec, `download-${gib}GiB`, row, async (target) => {
    const request = spec.name === 'proxy' ? await proxyDownload(ctx, target, bytes) : { url: `${target.url}/file/${bytes}.mp4`, headers: {} };
    if (!request) return { ...row, state: 'na', note: NOT_BUILT };
    // At least 20 MB/s, or the run is not worth waiting for.
    const r = await curlDownload(request.url, request.headers, target.pid, [ctx.upstream.pid], Math.max(60, Math.ceil(bytes / 20e6)));
    const ok = r.status === 200 && r.bytes === bytes;
    return {
      ...row,
      requests: 1,
      mbps: r.mbps,
      peakRssBytes: r.peakRssBytes,
      idleRssBytes: r.idleRssBytes,
      cpuPerReqS: r.cpuS,
      othersCpu: r.othersCpu,
      errors: ok ? 0 : 1,
      note: ok ? `${(r.seconds).toFixed(2)} s` : `status ${r.status}, ${r.bytes} of ${bytes} bytes`,
    };
  });
}

/** The i-th request of the replicas run: to replica i mod 4, each replica getting every kind in turn. */
function replicaRequest(ctx: BenchContext, targets: RunningTarget[], i: number): { url: string; headers: Record<string, string>; expectStatus: number } {
  const target = targets[i % targets.length]!;
  const auth = { authorization: `Bearer ${ctx.clientKey}` };
  switch (Math.floor(i / targets.length) % 4) {
    case 0:
      return { url: `${target.url}/v2/meetings/${BENCH_MEETING_ID}`, headers: auth, expectStatus: 200 };
    case 1:
      return { url: `${target.url}/v2/users/${BENCH_HOST.id}/meetings?page_size=300`, headers: auth, expectStatus: 200 };
    case 2:
      return { url: links(ctx, target.url).startLink(String(BENCH_MEETING_ID)), headers: {}, expectStatus: 302 };
    default:
      return { url: `${target.url}/zak?token=${BENCH_BOT.token}`, headers: {}, expectStatus: 200 };
  }
}

/**
 * (f) Four replicas on one emptied Redis, started one after the other, then the mixed requests from
 * `connections` concurrent clients: the upstream's mint counts say whether they acted as one proxy
 * (one OAuth mint; one ZAK mint for the meeting's host and one for the bot).
 */
export async function runReplicas(ctx: BenchContext, spec: TargetSpec): Promise<Row> {
  const row = baseRow(spec, 'replicas');
  if (!ctx.redis) return { ...row, state: 'na', note: 'redis-server is not installed' };
  const targets: RunningTarget[] = [];
  const agent = new Agent({ connections: ctx.options.connections, keepAliveTimeout: 1_000 });
  try {
    await ctx.redis.flush();
    // Counted from before the replicas start: their start-up checks mint tokens too.
    await fetch(`${ctx.upstream.mainUrl}/__bench/reset`, { method: 'POST' });
    for (let i = 0; i < REPLICA_COUNT; i++) targets.push(await spec.start(ctx, `replicas-${i}`));
    const latencies: number[] = [];
    let right = 0;
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: ctx.options.connections }, async () => {
        while (next < REPLICA_REQUESTS) {
          const req = replicaRequest(ctx, targets, next++);
          const sent = performance.now();
          try {
            const res = await request(req.url, { headers: req.headers, dispatcher: agent });
            await res.body.dump();
            if (res.statusCode === req.expectStatus) right++;
          } catch {
            // counted as an error below
          }
          latencies.push(performance.now() - sent);
        }
      }),
    );
    const elapsedS = (performance.now() - began) / 1000;
    const mints = await upstreamStats(ctx);
    latencies.sort((a, b) => a - b);
    const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      ...row,
      requests: REPLICA_REQUESTS,
      rps: REPLICA_REQUESTS / elapsedS,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      errors: REPLICA_REQUESTS - right,
      replicas: { count: REPLICA_COUNT, oauthMints: mints.oauthMints, zakMints: mints.zakMints, right, total: REPLICA_REQUESTS },
      note: `${right}/${REPLICA_REQUESTS} answered as expected; OAuth mints ${mints.oauthMints}, ZAK mints ${mints.zakMints} (2 users: the host, the bot)`,
    };
  } catch (err) {
    return { ...row, state: 'failed', note: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  } finally {
    await agent.close();
    for (const target of targets) await target.stop();
  }
}
