/**
 * The targets, each started fresh for each workload (so peak memory and CPU belong to that
 * workload, and the cold burst really is cold), on loopback, and ended by PID.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './bench-context.js';
import { nginxConfig } from './nginx-config.js';
import type { TargetName, WorkloadName } from './options.js';
import { cleanEnv, freePort, spawnProc, waitForHttp, type Proc } from './processes.js';

export interface RunningTarget {
  name: TargetName;
  url: string;
  /** The process to measure; undefined for `direct`, which has none. */
  pid: number | undefined;
  stop(): Promise<void>;
  /** Where `--cpu-prof` writes, when profiled (the file exists once stopped). */
  profileFile: string | undefined;
}

export interface TargetSpec {
  name: TargetName;
  /** How the table names it. */
  label: string;
  /** Ratios are taken against the best of these. */
  competitor: boolean;
  workloads: readonly WorkloadName[];
  /** `run` names this start in file names: the workload, and the size for downloads. */
  start(ctx: BenchContext, run: string): Promise<RunningTarget>;
}

function profileArgs(ctx: BenchContext, name: TargetName, workload: string): { args: string[]; file: string | undefined } {
  if (!ctx.options.profile.includes(name)) return { args: [], file: undefined };
  const dir = join(ctx.resultsDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const fileName = `${name}-${workload}.cpuprofile`;
  return { args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${fileName}`], file: join(dir, fileName) };
}

async function started(name: TargetName, proc: Proc, url: string, probePath: string, profileFile: string | undefined): Promise<RunningTarget> {
  try {
    await waitForHttp(`${url}${probePath}`, proc);
  } catch (err) {
    await proc.stop(1000);
    throw err;
  }
  return { name, url, pid: proc.pid, stop: () => proc.stop(), profileFile };
}

function nodeCompetitor(name: 'hpm' | 'hpm-rewrite' | 'reply-from', script: string, rewrite: boolean): TargetSpec['start'] {
  return async (ctx, workload) => {
    const port = await freePort();
    const profile = profileArgs(ctx, name, workload);
    const url = `http://127.0.0.1:${port}`;
    const proc = spawnProc(process.execPath, [...profile.args, join(ctx.distDir, 'bench', 'targets', script)], {
      env: cleanEnv({
        BENCH_PORT: String(port), BENCH_UPSTREAM: ctx.upstream.mainUrl, BENCH_PUBLIC_URL: url,
        BENCH_LINK_SECRET: ctx.linkSecret, BENCH_REWRITE: rewrite ? '1' : '0',
      }),
      stderrFile: join(ctx.runDir, `${name}-${workload}.stderr`),
    });
    return started(name, proc, url, '/__bench/stats', profile.file);
  };
}

const SMALL_LIST: readonly WorkloadName[] = ['small', 'list'];

export const TARGET_SPECS: readonly TargetSpec[] = [
  {
    name: 'direct', label: 'direct (no proxy)', competitor: false, workloads: [...SMALL_LIST, 'download'],
    start: async (ctx) => ({ name: 'direct', url: ctx.upstream.mainUrl, pid: undefined, stop: async () => {}, profileFile: undefined }),
  },
  { name: 'hpm', label: 'http-proxy-middleware', competitor: true, workloads: [...SMALL_LIST, 'download'], start: nodeCompetitor('hpm', 'hpm-target.js', false) },
  { name: 'hpm-rewrite', label: 'http-proxy-middleware + rewrite', competitor: true, workloads: SMALL_LIST, start: nodeCompetitor('hpm-rewrite', 'hpm-target.js', true) },
  { name: 'reply-from', label: '@fastify/reply-from', competitor: true, workloads: [...SMALL_LIST, 'download'], start: nodeCompetitor('reply-from', 'reply-from-target.js', false) },
  {
    name: 'nginx', label: 'nginx', competitor: true, workloads: [...SMALL_LIST, 'download'],
    start: async (ctx, workload) => {
      if (!ctx.nginxBinary) throw new Error('nginx is not installed');
      const port = await freePort();
      const dir = join(ctx.runDir, `nginx-${workload}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, ctx.upstream.mainUrl));
      const proc = spawnProc(ctx.nginxBinary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
        stderrFile: join(dir, 'stderr.log'),
      });
      return started('nginx', proc, `http://127.0.0.1:${port}`, '/__bench/stats', undefined);
    },
  },
  { name: 'proxy', label: 'zoom-link-proxy', competitor: false, workloads: ['small', 'list', 'start', 'burst', 'download'], start: proxyTarget('proxy') },
  // The same proxy with `store.type: redis` on the run's redis-server: what sharing state costs.
  { name: 'proxy-redis', label: 'zoom-link-proxy (redis)', competitor: false, workloads: ['small', 'list', 'start', 'replicas'], start: proxyTarget('proxy-redis') },
];

function proxyTarget(name: 'proxy' | 'proxy-redis'): TargetSpec['start'] {
  return async (ctx, run) => {
    if (name === 'proxy-redis' && !ctx.redis) throw new Error('redis-server is not installed');
    const port = await freePort();
    const configFile = join(ctx.runDir, `${name}-${run}.json`);
    writeFileSync(configFile, JSON.stringify(proxyConfig(ctx, port, name === 'proxy-redis' ? ctx.redis?.url : undefined), null, 2));
    const profile = profileArgs(ctx, name, run);
    // BENCH_PROXY_NODE_ARGS: extra node flags for the proxy only (to try V8 settings side by side).
    const nodeArgs = (process.env.BENCH_PROXY_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const proc = spawnProc(process.execPath, [...nodeArgs, ...profile.args, join(ctx.distDir, 'src', 'main.js'), '--config', configFile], {
      stderrFile: join(ctx.runDir, `${name}-${run}.stderr`),
    });
    return started(name, proc, `http://127.0.0.1:${port}`, '/healthz', profile.file);
  };
}

/** The bot token of the replicas run's `/zak` requests. */
export const BENCH_BOT = { token: 'bench-bot-token-00000000000000000001', user: 'bot@bench.example' } as const;

/** The proxy's configuration file, as an operator would write it for this upstream (with `redisUrl`: on that Redis). */
export function proxyConfig(ctx: BenchContext, port: number, redisUrl?: string): Record<string, unknown> {
  const main = ctx.upstream.mainUrl;
  return {
    listen: { host: '127.0.0.1', port },
    zoom: {
      accountId: 'bEnChAcCoUnT', clientId: 'benchClientId', clientSecret: 'bench-client-secret',
      oauthUrl: `${main}/oauth/token`, apiUrl: `${main}/v2`, webUrl: main,
      downloadHosts: [new URL(main).hostname, new URL(ctx.upstream.cdnUrl).hostname],
    },
    links: { secret: ctx.linkSecret },
    clients: [{ name: 'bench', key: ctx.clientKey, users: ['*'] }],
    bots: [{ name: 'bench-bot', ...BENCH_BOT }],
    log: { level: ctx.options.proxyLogLevel },
    shutdownGraceSeconds: 2,
    ...(redisUrl === undefined ? {} : { store: { type: 'redis', url: redisUrl, keyPrefix: 'zlp-bench:' } }),
  };
}
