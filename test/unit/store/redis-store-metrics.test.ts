import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics } from '../../../src/metrics/create-metrics.js';
import { startTestRedis } from '../../helpers/redis-server.js';
import { openRedisStores, until } from '../../helpers/redis-stores.js';

test('the Redis store counts its operations by outcome, lock waits, Redis errors, and shows the breaker as zlp_store_unavailable', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const metrics = createMetrics();
  const [holder, waiter] = await openRedisStores(t, redis, 2, { metrics });
  assert.ok(holder !== undefined && waiter !== undefined);
  const options = { account: 'acme/AbCdEf0123', kind: 'oauth', secret: true, maxEntries: 10 };
  const slow = async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { value: 'token', ttlMs: 60_000 };
  };
  const first = holder.cache<string>(options).get('token', slow);
  await new Promise((resolve) => setTimeout(resolve, 30));
  await Promise.all([first, waiter.cache<string>(options).get('token', slow)]);
  await holder.cache<string>(options).get('token', slow);

  let text = await metrics.registry.metrics();
  assert.match(text, /zlp_store_operations_total\{op="get",outcome="produced",account="acme",cache="oauth"\} 1/);
  assert.match(text, /zlp_store_operations_total\{op="get",outcome="waited",account="acme",cache="oauth"\} 1/);
  assert.match(text, /zlp_store_operations_total\{op="get",outcome="near",account="acme",cache="oauth"\} 1/);
  assert.match(text, /zlp_store_lock_wait_seconds_count\{account="acme",cache="oauth"\} 1/);
  assert.match(text, /zlp_store_unavailable 0/);

  await redis.kill();
  await until(() => holder.health() === 'unavailable', 2_000, 'Redis gone');
  await holder.cache<string>(options).get('other', slow);
  text = await metrics.registry.metrics();
  assert.match(text, /zlp_store_unavailable 1/);
  assert.match(text, /zlp_store_redis_errors_total [1-9]/);
  assert.match(text, /zlp_store_operations_total\{op="get",outcome="local",account="acme",cache="oauth"\} 1/);
});
