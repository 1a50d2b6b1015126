import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { systemClock } from '../../src/clock.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { TEST_STORE_TIMINGS, until } from '../helpers/redis-stores.js';
import { CANARY, stackForTest } from '../helpers/start-stack.js';

test('/readyz with the Redis store: its body says "store": "ok", then "unavailable" while Redis is down, and stays 200', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const store = await createRedisStore({
    url: redis.url, keyPrefix: 'zlp-readyz:', secret: CANARY.linkSecret, clock: systemClock, logger: createLogger({ level: 'silent' }), ...TEST_STORE_TIMINGS,
  });
  t.after(() => store.close());
  const stack = await stackForTest(t, { simulator: { seed: 'empty' }, store });
  assert.deepEqual((await request(stack.url).get('/readyz').expect(200)).body, { status: 'ready', store: 'ok' });

  await redis.kill();
  await until(() => store.health() === 'unavailable', 2_000, 'the store to see Redis gone');
  assert.deepEqual((await request(stack.url).get('/readyz').expect(200)).body, { status: 'ready', store: 'unavailable' });

  await redis.restart();
  await until(() => store.health() === 'ok', 5_000, 'the store to use Redis again');
  assert.deepEqual((await request(stack.url).get('/readyz').expect(200)).body, { status: 'ready', store: 'ok' });
});
