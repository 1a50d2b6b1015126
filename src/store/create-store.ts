import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { createMemoryStore } from './memory-store.js';
import type { Store } from './store.js';

/**
 * The store the configuration names, built once at start: it outlives every reload (an account
 * whose Zoom side is unchanged keeps its state) and is closed at shutdown. The memory store serves
 * every configuration until `store.type` brings the Redis one (redis-store.ts).
 */
export function createStore(_config: Config, deps: { clock: Clock; logger: Logger; metrics?: Metrics }): Promise<Store> {
  return Promise.resolve(createMemoryStore(deps.clock));
}
