import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import { createMemoryStore } from './memory-store.js';
import type { Store } from './store.js';

/**
 * The store the configuration asks for, built once at start: it outlives every reload (an account
 * whose Zoom side is unchanged keeps its state) and is closed at shutdown. Every configuration runs
 * on the memory store until `store.type` brings the Redis one (redis-store.ts).
 */
export function createStore(_config: Config, clock: Clock): Store {
  return createMemoryStore(clock);
}
