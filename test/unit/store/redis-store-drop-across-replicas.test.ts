import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestRedis } from '../../helpers/redis-server.js';
import { openRedisStores, sleep, until } from '../../helpers/redis-stores.js';

const OPTIONS = { account: 'acme', kind: 'oauth', secret: true, maxEntries: 10 };

test('drop with a value is compare-and-delete in Redis and drops every replica\'s near copy of that value; a burst of drops and renewals costs one produce', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const stores = await openRedisStores(t, redis, 3);
  const caches = stores.map((store) => store.cache<string>(OPTIONS));
  const [a, b, c] = caches;
  assert.ok(a !== undefined && b !== undefined && c !== undefined);
  let minted = 0;
  const mint = async () => {
    minted += 1;
    await sleep(20);
    return { value: `token-${minted}`, ttlMs: 60_000 };
  };
  assert.equal(await a.get('token', mint), 'token-1');
  assert.equal(await b.get('token', mint), 'token-1');
  assert.equal(await c.get('token', mint), 'token-1');

  // Another value: nothing is dropped, anywhere.
  a.drop('token', 'token-0');
  await sleep(100);
  assert.equal(b.peek('token'), 'token-1');
  assert.equal(await c.read('token'), 'token-1');

  // Zoom refused token-1 on every replica at once (401 124): each drops it and asks for a newer one.
  const renewed = await Promise.all(
    Array.from({ length: 30 }, (_, i) => {
      const cache = caches[i % 3] ?? assert.fail();
      cache.drop('token', 'token-1');
      return cache.get('token', mint, 'token-1');
    }),
  );
  assert.equal(minted, 2);
  assert.deepEqual(new Set(renewed), new Set(['token-2']));

  // A late drop of token-1 does not drop token-2, in Redis or near.
  b.drop('token', 'token-1');
  await sleep(100);
  assert.equal(a.peek('token'), 'token-2');
  assert.equal(await c.get('token', mint), 'token-2');

  // A drop of the value held reaches the other replicas' near copies.
  a.drop('token', 'token-2');
  await until(() => b.peek('token') === undefined && c.peek('token') === undefined, 2_000, 'the drop to reach every replica');
  assert.equal(await b.read('token'), undefined);
});

test('replacing takes a newer value another replica stored, without producing', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const [first, second] = (await openRedisStores(t, redis, 2)).map((store) => store.cache<string>(OPTIONS));
  assert.ok(first !== undefined && second !== undefined);
  await first.get('token', async () => ({ value: 'old', ttlMs: 60_000 }));
  assert.equal(await second.get('token', () => assert.fail('second must not produce')), 'old');
  assert.equal(await first.get('token', async () => ({ value: 'new', ttlMs: 60_000 }), 'old'), 'new');
  assert.equal(await second.get('token', () => assert.fail('second must not produce'), 'old'), 'new');
});

test('set on one replica replaces the other replicas\' near copy of another value', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const kind = { account: 'acme', kind: 'owner', secret: false, maxEntries: 10 };
  const [first, second] = (await openRedisStores(t, redis, 2)).map((store) => store.cache<string>(kind));
  assert.ok(first !== undefined && second !== undefined);
  first.set('file-1', 'alice', 60_000);
  // set is fire and forget: the other replica finds it once Redis has it.
  const deadline = Date.now() + 2_000;
  while ((await second.read('file-1')) === undefined && Date.now() < deadline) await sleep(20);
  assert.equal(second.peek('file-1'), 'alice');
  first.set('file-1', 'bob', 60_000);
  await until(() => second.peek('file-1') === undefined, 2_000, 'the stale near copy to be dropped');
  assert.equal(await second.read('file-1'), 'bob');
});
