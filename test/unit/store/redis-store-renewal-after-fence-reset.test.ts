import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestRedis } from '../../helpers/redis-server.js';
import { deferred, openRedisStores, sleep, until } from '../../helpers/redis-stores.js';

/**
 * The fence counter can go back (a Redis restarted without persistence, FLUSHALL, a failover to a
 * replica that lagged): a minter that took its lease before then may store its value with a fence
 * higher than any handed out after. A renewal (`replacing` that value) must still replace it: else
 * every renewal mints, is refused by the fence, gets the old value back, and the next request
 * renews again, one OAuth call after another until the old token expires.
 */

const OPTIONS = { account: 'acme', kind: 'oauth', secret: true, maxEntries: 10 };

test('after the fence counter went back, a renewal replacing the value in force stores its new value (one produce)', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const [a, b] = (await openRedisStores(t, redis, 2)).map((store) => store.cache<string>(OPTIONS));
  assert.ok(a !== undefined && b !== undefined);
  await redis.command('INCRBY', 'zlp-test:fence', '1000');
  const late = deferred<{ value: string; ttlMs: number }>();
  const lateValue = a.get('token', () => late.promise);
  await sleep(50);
  // Redis loses its data, fence counter and lease included, while a's mint is under way.
  await redis.command('FLUSHALL');
  assert.equal(await b.get('token', () => Promise.resolve({ value: 'after-flush', ttlMs: 60_000 })), 'after-flush');
  late.resolve({ value: 'late', ttlMs: 60_000 });
  const inForce = await lateValue;
  await until(() => b.peek('token') === inForce, 2_000, 'b to hear the value in force');

  let produced = 0;
  const renewed = await b.get('token', () => {
    produced += 1;
    return Promise.resolve({ value: 'renewed', ttlMs: 60_000 });
  }, inForce);
  assert.notEqual(renewed, inForce, 'the renewal got back the value it replaces');
  assert.equal(produced, 1);
  assert.equal(await a.get('token', () => assert.fail('a must not produce'), inForce), renewed);
});
