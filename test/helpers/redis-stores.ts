/**
 * Test helpers (not a test): Redis stores on one test Redis acting as replicas, with short timings
 * so that leases and the breaker act within a test's time.
 */
import type { TestContext } from 'node:test';
import { systemClock } from '../../src/clock.js';
import { createLogger, type Logger } from '../../src/logging/create-logger.js';
import { createRedisStore, type RedisStoreOptions } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { VALID_LINK_SECRET } from './valid-config.js';
import type { TestRedis } from './redis-server.js';

export const TEST_STORE_TIMINGS = { commandTimeoutMs: 250, probeIntervalMs: 200, leaseMs: 600, produceLimitMs: 1_500, connectWaitMs: 2_000 } as const;

/** `count` stores on `redis`, closed when the test ends. */
export async function openRedisStores(
  t: TestContext,
  redis: TestRedis,
  count: number,
  overrides: Partial<RedisStoreOptions> = {},
): Promise<Store[]> {
  const logger: Logger = overrides.logger ?? createLogger({ level: 'silent' });
  const stores = await Promise.all(
    Array.from({ length: count }, () =>
      createRedisStore({ url: redis.url, keyPrefix: 'zlp-test:', secret: VALID_LINK_SECRET, clock: systemClock, ...TEST_STORE_TIMINGS, ...overrides, logger }),
    ),
  );
  t.after(() => Promise.all(stores.map((store) => store.close())));
  return stores;
}

/** A promise and its resolver, for a produce a test finishes by hand. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(err: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` is true, polling every 20 ms, failing after `withinMs`. */
export async function until(check: () => boolean, withinMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
