import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestRedis } from '../../helpers/redis-server.js';
import { TEST_STORE_TIMINGS, deferred, openRedisStores } from '../../helpers/redis-stores.js';

const OPTIONS = { account: 'acme', kind: 'oauth', secret: true, maxEntries: 10 };

test('a replica whose store closed mid-produce (its lease never released) is replaced once its lease runs out', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const [dying, survivor] = await openRedisStores(t, redis, 2);
  assert.ok(dying !== undefined && survivor !== undefined);
  const hung = deferred<{ value: string; ttlMs: number }>();
  let started = 0;
  void dying.cache<string>(OPTIONS).get('token', () => {
    started += 1;
    return hung.promise;
  });
  while (started === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await dying.close();

  const before = performance.now();
  let produced = 0;
  const value = await survivor.cache<string>(OPTIONS).get('token', async () => {
    produced += 1;
    return { value: 'from-the-survivor', ttlMs: 60_000 };
  });
  const waitedMs = performance.now() - before;
  assert.equal(value, 'from-the-survivor');
  assert.equal(produced, 1);
  // It waited for the lease (not for ever, and not a quick second mint beside a live holder).
  assert.ok(waitedMs >= TEST_STORE_TIMINGS.leaseMs / 2, `took over after ${waitedMs} ms`);
  assert.ok(waitedMs < TEST_STORE_TIMINGS.leaseMs * 4, `took over after ${waitedMs} ms`);
});

test('a holder whose produce hangs stops renewing after produceLimitMs and is replaced; its late value does not overwrite the newer one', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const [slow, other, reader] = await openRedisStores(t, redis, 3);
  assert.ok(slow !== undefined && other !== undefined && reader !== undefined);
  const hung = deferred<{ value: string; ttlMs: number }>();
  let started = false;
  const late = slow.cache<string>(OPTIONS).get('token', () => {
    started = true;
    return hung.promise;
  });
  while (!started) await new Promise((resolve) => setTimeout(resolve, 10));

  const before = performance.now();
  const fresh = await other.cache<string>(OPTIONS).get('token', async () => ({ value: 'newer', ttlMs: 60_000 }));
  const waitedMs = performance.now() - before;
  assert.equal(fresh, 'newer');
  assert.ok(waitedMs >= TEST_STORE_TIMINGS.produceLimitMs / 2, `replaced after ${waitedMs} ms: the lease was renewed meanwhile`);

  // The hung produce ends at last: fencing keeps the newer value, and the slow replica adopts it.
  hung.resolve({ value: 'late', ttlMs: 60_000 });
  assert.equal(await late, 'newer');
  assert.equal(slow.cache<string>(OPTIONS).peek('token'), 'newer');
  assert.equal(await reader.cache<string>(OPTIONS).read('token'), 'newer');
});
