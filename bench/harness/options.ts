/**
 * The bench's knobs, from flags (`npm run bench -- --duration 3`) or the environment
 * (`BENCH_DURATION=3 npm run bench`); flags win. Defaults keep a full run under five minutes.
 */
import { parseArgs } from 'node:util';

export const TARGETS = ['direct', 'hpm', 'hpm-rewrite', 'reply-from', 'nginx', 'proxy', 'proxy-redis'] as const;
export type TargetName = (typeof TARGETS)[number];

export const WORKLOADS = ['small', 'list', 'start', 'burst', 'download', 'replicas'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

/** The workloads are also named (a) to (f); both spellings are accepted. */
const WORKLOAD_LETTERS: Record<string, WorkloadName> = { a: 'small', b: 'list', c: 'start', d: 'burst', e: 'download', f: 'replicas' };

export interface BenchOptions {
  /** Seconds of measured load per target and workload. */
  durationS: number;
  /** Seconds of unmeasured load first (JIT, pools, caches). */
  warmupS: number;
  connections: number;
  targets: TargetName[];
  workloads: WorkloadName[];
  downloadGiB: number[];
  /** Concurrent start links of the cold burst. */
  burst: number;
  /** Node targets run under `--cpu-prof` (`BENCH_PROFILE=1` means the proxy). */
  profile: TargetName[];
  /** Each workload's targets are run this many times in turn; the median round is reported. */
  rounds: number;
  /** The proxy's `log.level`: `info` as in production (one line per request); `warn` shows what that line costs. */
  proxyLogLevel: string;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  durationS: 8,
  warmupS: 2,
  connections: 50,
  targets: [...TARGETS],
  workloads: [...WORKLOADS],
  downloadGiB: [1, 4],
  burst: 1000,
  profile: [],
  proxyLogLevel: 'info',
  rounds: 1,
};

const NODE_TARGETS: readonly TargetName[] = ['hpm', 'hpm-rewrite', 'reply-from', 'proxy', 'proxy-redis'];

/** `raw` as a number greater than 0 (a whole one if `integer`), or an error naming the option. */
export function positive(name: string, raw: string, integer: boolean): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new Error(`bench: ${name} must be a ${integer ? 'whole ' : ''}number greater than 0, not "${raw}"`);
  return n;
}

function list<T extends string>(name: string, raw: string, allowed: readonly T[], aliases: Record<string, T> = {}): T[] {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => aliases[s] ?? s);
  for (const item of items) if (!(allowed as readonly string[]).includes(item)) throw new Error(`bench: ${name}: unknown "${item}" (one of ${allowed.join(', ')})`);
  return items as T[];
}

export function readBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' }, warmup: { type: 'string' }, connections: { type: 'string' },
      targets: { type: 'string' }, workloads: { type: 'string' }, 'download-gib': { type: 'string' },
      burst: { type: 'string' }, profile: { type: 'string' }, 'proxy-log-level': { type: 'string' }, rounds: { type: 'string' },
    },
    strict: true,
  });
  const pick = (flag: string | undefined, name: string): string | undefined => flag ?? env[name];
  const o: BenchOptions = { ...DEFAULT_OPTIONS };
  const duration = pick(values.duration, 'BENCH_DURATION');
  if (duration) o.durationS = positive('duration', duration, false);
  const warmup = pick(values.warmup, 'BENCH_WARMUP');
  if (warmup) o.warmupS = warmup === '0' ? 0 : positive('warmup', warmup, false);
  const connections = pick(values.connections, 'BENCH_CONNECTIONS');
  if (connections) o.connections = positive('connections', connections, true);
  const targets = pick(values.targets, 'BENCH_TARGETS');
  if (targets) o.targets = list('targets', targets, TARGETS);
  const workloads = pick(values.workloads, 'BENCH_WORKLOADS');
  if (workloads) o.workloads = list('workloads', workloads, WORKLOADS, WORKLOAD_LETTERS);
  const sizes = pick(values['download-gib'], 'BENCH_DOWNLOAD_GIB');
  if (sizes) o.downloadGiB = sizes.split(',').map((s) => positive('download-gib', s.trim(), false));
  const burst = pick(values.burst, 'BENCH_BURST');
  if (burst) o.burst = positive('burst', burst, true);
  const profile = pick(values.profile, 'BENCH_PROFILE');
  if (profile && profile !== '0') o.profile = profile === '1' ? ['proxy'] : list('profile', profile, NODE_TARGETS);
  const rounds = pick(values.rounds, 'BENCH_ROUNDS');
  if (rounds) o.rounds = positive('rounds', rounds, true);
  const level = pick(values['proxy-log-level'], 'BENCH_PROXY_LOG_LEVEL');
  if (level) o.proxyLogLevel = list('proxy-log-level', level, ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])[0] ?? 'info';
  return o;
}
