import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../../src/logging/create-logger.js';
import { createLogCapture } from '../../helpers/log-capture.js';
import { startTestRedis } from '../../helpers/redis-server.js';
import { TEST_STORE_TIMINGS, openRedisStores, sleep, until } from '../../helpers/redis-stores.js';

const OPTIONS = { account: 'acme', kind: 'zak', secret: true, maxEntries: 1000 };

/** A produce that counts its calls, taking `ms`. */
function minter(ms: number): { mint: (key: string) => () => Promise<{ value: string; ttlMs: number }>; count: () => number } {
  let count = 0;
  return {
    mint: (key) => async () => {
      count += 1;
      await sleep(ms);
      return { value: `zak-${key}`, ttlMs: 60_000 };
    },
    count: () => count,
  };
}

test('Redis killed mid-burst: every call still answers (produced on the replica itself), logged once; restarted, sharing resumes without new stores', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const capture = createLogCapture();
  const logger = createLogger({ level: 'info', destination: capture.stream });
  const stores = await openRedisStores(t, redis, 3, { logger });
  const caches = stores.map((store) => store.cache<string>(OPTIONS));
  const { mint } = minter(80);

  const burst = Array.from({ length: 300 }, (_, i) => (caches[i % 3] ?? assert.fail()).get(`user-${i % 60}`, mint(`user-${i % 60}`)));
  await sleep(40);
  await redis.kill();
  const values = await Promise.all(burst);
  values.forEach((value, i) => assert.equal(value, `zak-user-${i % 60}`));
  await until(() => stores.every((store) => store.health() === 'unavailable'), 2_000, 'every replica to see Redis gone');

  // While it is down: calls are served by each replica alone, at once.
  const down = minter(5);
  assert.equal(await (caches[0] ?? assert.fail()).get('while-down', down.mint('while-down')), 'zak-while-down');
  assert.equal(down.count(), 1);

  await redis.restart();
  await until(() => stores.every((store) => store.health() === 'ok'), 5_000, 'every replica to use Redis again');
  const after = minter(50);
  const shared = await Promise.all(Array.from({ length: 90 }, (_, i) => (caches[i % 3] ?? assert.fail()).get('after-restart', after.mint('after-restart'))));
  assert.deepEqual(new Set(shared), new Set(['zak-after-restart']));
  assert.equal(after.count(), 1, 'one produce across the replicas again');

  const lines = capture.lines();
  const unavailable = lines.filter((line) => String(line['msg']).startsWith('store unavailable'));
  const available = lines.filter((line) => String(line['msg']).startsWith('store available again'));
  assert.equal(unavailable.length, 3, 'once per replica');
  assert.equal(available.length, 3, 'once per replica');
  assert.ok(!capture.text().includes('zak-'), 'no value reaches the log');
});

test('Redis paused (DEBUG SLEEP): no call waits much longer than the command timeout; sharing resumes by itself', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const stores = await openRedisStores(t, redis, 2);
  const caches = stores.map((store) => store.cache<string>(OPTIONS));
  const { mint } = minter(5);

  const sleeping = redis.command('DEBUG', 'SLEEP', '2');
  await sleep(50);
  const slowest = await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const started = performance.now();
      const value = await (caches[i % 2] ?? assert.fail()).get(`paused-${i % 10}`, mint(`paused-${i % 10}`));
      assert.equal(value, `zak-paused-${i % 10}`);
      return performance.now() - started;
    }),
  );
  const longest = Math.max(...slowest);
  t.diagnostic(`while Redis slept, the longest call took ${Math.round(longest)} ms (command timeout ${TEST_STORE_TIMINGS.commandTimeoutMs} ms)`);
  assert.ok(longest < TEST_STORE_TIMINGS.commandTimeoutMs + 500, `a call waited ${Math.round(longest)} ms`);
  assert.ok(stores.every((store) => store.health() === 'unavailable'));

  await sleeping;
  await until(() => stores.every((store) => store.health() === 'ok'), 5_000, 'Redis to be used again');
  const after = minter(50);
  await Promise.all(Array.from({ length: 20 }, (_, i) => (caches[i % 2] ?? assert.fail()).get('after-pause', after.mint('after-pause'))));
  assert.equal(after.count(), 1);
});

test('Redis down at start: the store starts unavailable (logged once), serves alone, and joins Redis when it answers', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  await redis.kill();
  const capture = createLogCapture();
  const logger = createLogger({ level: 'info', destination: capture.stream });
  const [store] = await openRedisStores(t, redis, 1, { logger, connectWaitMs: 300 });
  assert.ok(store !== undefined);
  assert.equal(store.health(), 'unavailable');
  const cache = store.cache<string>(OPTIONS);
  const { mint, count } = minter(5);
  assert.equal(await cache.get('alone', mint('alone')), 'zak-alone');
  assert.equal(count(), 1);
  await redis.restart();
  await until(() => store.health() === 'ok', 5_000, 'the store to join Redis');
  cache.set('shared', 'zak-shared', 60_000);
  const deadline = Date.now() + 2_000;
  while ((await redis.command('EXISTS', 'zlp-test:acme:zak:shared')) !== 1 && Date.now() < deadline) await sleep(20);
  assert.equal(await redis.command('EXISTS', 'zlp-test:acme:zak:shared'), 1);
  const messages = capture.lines().map((line) => String(line['msg']));
  assert.equal(messages.filter((msg) => msg.startsWith('store unavailable')).length, 1);
  assert.equal(messages.filter((msg) => msg.startsWith('store available again')).length, 1);
});
