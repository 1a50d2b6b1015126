import type { Clock } from '../clock.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { createRedisCache, type RedisCache } from './redis-cache.js';
import { createRedisLink } from './redis-link.js';
import { parseStoreMessage } from './redis-scripts.js';
import type { SharedCache, SharedCacheOptions, Store } from './store.js';
import { createValueSealer } from './value-sealer.js';

export interface RedisStoreOptions {
  /** `store.url`: `redis://` or `rediss://`. */
  url: string;
  /** `store.keyPrefix`: of every key and of the channel. */
  keyPrefix: string;
  /** `links.secret`: the key that seals credentials at rest is derived from it. */
  secret: string;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
  /** A Redis command not answered within this opens the breaker. */
  commandTimeoutMs?: number;
  /** While unavailable, how often Redis is tried. */
  probeIntervalMs?: number;
  /** How long a lease lasts unless renewed (renewed every third of it while produce runs). */
  leaseMs?: number;
  /** The longest a produce keeps its lease renewed: a hung one is replaced after this and a lease. */
  produceLimitMs?: number;
  /** How long the start waits for Redis before going on without it. */
  connectWaitMs?: number;
}

/**
 * Commands answer within a millisecond on a healthy Redis nearby; a quarter second means it is not
 * healthy, and no request should wait longer than that for it.
 */
export const STORE_DEFAULTS = {
  commandTimeoutMs: 250,
  probeIntervalMs: 1_000,
  // Longer than an OAuth or ZAK mint takes, short enough that a dead holder costs little.
  leaseMs: 3_000,
  // Three times zoom.timeoutSeconds' default: a mint with its retries is over by then.
  produceLimitMs: 30_000,
  connectWaitMs: 2_000,
} as const;

/**
 * `store.type` `"redis"`: caches shared by every replica naming the same Redis (docs/replicas.md).
 * Resolves once Redis answered, or after `connectWaitMs` without it: the store then starts
 * unavailable (each replica on its own state) and joins Redis as soon as it answers.
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<Store> {
  const settings = { ...STORE_DEFAULTS, ...definedOf(options) };
  const { keyPrefix, metrics } = options;
  const channel = `${keyPrefix}events`;
  const caches = new Map<string, RedisCache<unknown>>();
  const link = createRedisLink({
    url: options.url,
    channel,
    // `{prefix}probe`: a cache's keys have two colons after the prefix, the fence none.
    probeKey: `${keyPrefix}probe`,
    commandTimeoutMs: settings.commandTimeoutMs,
    probeIntervalMs: settings.probeIntervalMs,
    logger: options.logger,
    onMessage(raw) {
      const message = parseStoreMessage(raw);
      if (message === undefined || !message.fullKey.startsWith(keyPrefix)) return;
      // `{prefix}{account}:{kind}:{key}` (account: `{name}/{digest}`): neither an account nor a kind holds a colon.
      const rest = message.fullKey.slice(keyPrefix.length);
      const end = rest.indexOf(':', rest.indexOf(':') + 1);
      if (end < 0) return;
      caches.get(rest.slice(0, end))?.hear(rest.slice(end + 1), message);
    },
    onError: () => metrics?.storeErrors.inc(),
    onState: (unavailable) => metrics?.storeUnavailable.set(unavailable ? 1 : 0),
  });
  const sealer = createValueSealer(options.secret);
  const store: Store = {
    type: 'redis',
    redis: { link, keyPrefix },
    cache<T>(cacheOptions: SharedCacheOptions): SharedCache<T> {
      const name = `${cacheOptions.account}:${cacheOptions.kind}`;
      let cache = caches.get(name);
      if (cache === undefined) {
        // The account's name only: state may be filed under `name/digest` (accounts/zoom-side-key.ts on the wiring side).
        const labels = { account: cacheOptions.account.split('/')[0] ?? cacheOptions.account, cache: cacheOptions.kind };
        cache = createRedisCache<unknown>(
          {
            link,
            sealer,
            clock: options.clock,
            channel,
            fenceKey: `${keyPrefix}fence`,
            leaseMs: settings.leaseMs,
            produceLimitMs: settings.produceLimitMs,
            ...(metrics === undefined
              ? {}
              : {
                  count: (op: string, outcome: string) => metrics.storeOperations.inc({ op, outcome, ...labels }),
                  lockWaited: (seconds: number) => metrics.storeLockWait.observe(labels, seconds),
                }),
          },
          cacheOptions,
          keyPrefix,
        );
        caches.set(name, cache);
      }
      return cache as SharedCache<T>;
    },
    health: () => (link.available() ? 'ok' : 'unavailable'),
    close: () => link.close(),
  };
  await link.firstContact(settings.connectWaitMs);
  return store;
}

/** The options given, without those left undefined (so the defaults stand). */
function definedOf<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
