/**
 * Test helpers (not a test): replicas of the proxy in one process, each with a Redis store of its
 * own on one test Redis, all in front of one simulator (one clock), as a load balancer would see them.
 */
import type { TestContext } from 'node:test';
import { request, type Agent } from 'undici';
import { systemClock } from '../../src/clock.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import type { ZoomSimulator } from '../../simulator/simulator.js';
import type { ManualClock } from './manual-clock.js';
import { TEST_STORE_TIMINGS } from './redis-stores.js';
import type { TestRedis } from './redis-server.js';
import { CANARY, startStack, type Stack, type StackOptions } from './start-stack.js';

export interface Replicas {
  sim: ZoomSimulator;
  clock: ManualClock;
  stacks: Stack[];
  stores: Store[];
  /** The replica that serves the `i`th request of a round robin. */
  at(i: number): Stack;
}

/** `count` replicas on `redis`, closed (replicas, then their stores, then the simulator) when the test ends. */
export async function startReplicas(t: TestContext, redis: TestRedis, count: number, options: Omit<StackOptions, 'store' | 'shared'> = {}): Promise<Replicas> {
  const stores = await Promise.all(
    Array.from({ length: count }, () =>
      createRedisStore({ url: redis.url, keyPrefix: 'zlp-test:', secret: CANARY.linkSecret, clock: systemClock, logger: createLogger({ level: 'silent' }), ...TEST_STORE_TIMINGS }),
    ),
  );
  const stacks: Stack[] = [];
  const closeAll = async (): Promise<void> => {
    for (const stack of stacks.slice(1)) await stack.close();
    await stacks[0]?.close();
    await Promise.all(stores.map((store) => store.close()));
  };
  const first = await startStack({ ...options, store: stores[0]! }).catch(async (err: unknown) => {
    await closeAll();
    throw err;
  });
  stacks.push(first);
  try {
    for (const store of stores.slice(1)) stacks.push(await startStack({ ...options, store, shared: { sim: first.sim, clock: first.clock } }));
  } catch (err) {
    await closeAll();
    throw err;
  }
  t.after(closeAll);
  return { sim: first.sim, clock: first.clock, stacks, stores, at: (i) => stacks[i % stacks.length]! };
}

/** A GET: its status, body and Location. */
export async function fetchFrom(agent: Agent, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; location: string | undefined }> {
  const res = await request(url, { headers, dispatcher: agent });
  const location = res.headers.location;
  return { status: res.statusCode, body: await res.body.text(), location: typeof location === 'string' ? location : undefined };
}
