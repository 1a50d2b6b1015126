import type { Clock } from '../clock.js';
import { DEFAULTS, type Config, type StoreConfig } from '../config/config.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';
import type { Store } from './store.js';

/**
 * The store `store.type` names, built once at start (a reload never changes it). With `redis` it
 * resolves once Redis answered or, if it does not, soon after without it (redis-store.ts).
 */
export function createStore(config: Config, deps: { clock: Clock; logger: Logger; metrics?: Metrics }): Promise<Store> {
  const { type, url, keyPrefix }: StoreConfig = config.store ?? DEFAULTS.store;
  if (type === 'memory') return Promise.resolve(createMemoryStore(deps.clock));
  if (url === undefined) throw new Error('store.url is required with store.type "redis" (the configuration rules say so)');
  return createRedisStore({ url, keyPrefix, secret: config.links.secret, ...deps });
}
