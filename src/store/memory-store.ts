import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { Produced, SharedCache, SharedCacheOptions, Store } from './store.js';

/**
 * `store.type` `"memory"`: everything in the process, for one replica. Each cache is an LRU with
 * per-entry TTLs on the injected clock, and single-flight per key in the process.
 */
export function createMemoryStore(clock: Clock): Store {
  const caches = new Map<string, SharedCache<unknown>>();
  return {
    type: 'memory',
    cache<T>(options: SharedCacheOptions): SharedCache<T> {
      const name = `${options.account}\n${options.kind}`;
      let cache = caches.get(name);
      if (cache === undefined) {
        cache = createMemoryCache<unknown>(clock, options.maxEntries);
        caches.set(name, cache);
      }
      return cache as SharedCache<T>;
    },
    health: () => 'ok',
    close: () => Promise.resolve(),
  };
}

/** One kind's values in the process: also the near copy a Redis store keeps in each replica. */
export function createMemoryCache<T>(clock: Clock, maxEntries: number): SharedCache<T> {
  const values = new LRUCache<string, { value: T }>({
    max: Math.max(1, maxEntries),
    ttl: 1,
    perf: { now: clock },
    // lru-cache caches the time for ttlResolution ms; read the clock on every check instead.
    ttlResolution: 0,
    ttlAutopurge: false,
  });
  const producing = new Map<string, Promise<T>>();
  const keep = (key: string, value: T, ttlMs: number): void => {
    if (ttlMs > 0 && maxEntries > 0) values.set(key, { value }, { ttl: ttlMs });
  };
  const peek = (key: string): T | undefined => values.get(key)?.value;
  return {
    peek,
    read: (key) => Promise.resolve(peek(key)),
    get(key, produce, replacing) {
      const held = values.get(key);
      if (held !== undefined && (replacing === undefined || !sameValue(held.value, replacing))) return Promise.resolve(held.value);
      let pending = producing.get(key);
      if (pending === undefined) {
        pending = produce()
          .then(({ value, ttlMs }: Produced<T>) => {
            keep(key, value, ttlMs);
            return value;
          })
          .finally(() => producing.delete(key));
        producing.set(key, pending);
      }
      return pending;
    },
    set: keep,
    drop(key, value) {
      const held = values.get(key);
      if (held !== undefined && (value === undefined || sameValue(held.value, value))) values.delete(key);
    },
  };
}

/** Values compare as their JSON, as they would once read back from Redis. */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
