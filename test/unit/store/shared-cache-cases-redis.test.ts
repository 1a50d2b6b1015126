import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestRedis } from '../../helpers/redis-server.js';
import { openRedisStores } from '../../helpers/redis-stores.js';
import { SHARED_CACHE_CASES } from '../../helpers/shared-cache-cases.js';

test('the Redis store passes every SharedCache case the memory store passes', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const [store] = await openRedisStores(t, redis, 1);
  assert.ok(store !== undefined);
  assert.equal(store.type, 'redis');
  assert.equal(store.health(), 'ok');
  for (const [i, { name, run }] of SHARED_CACHE_CASES.entries()) await t.test(name, () => run(store, `account-${i}`));
});
