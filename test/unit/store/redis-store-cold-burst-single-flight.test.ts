import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestRedis } from '../../helpers/redis-server.js';
import { openRedisStores, sleep } from '../../helpers/redis-stores.js';

test('a cold burst spread over three replicas runs produce once per key, however the calls are spread', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const stores = await openRedisStores(t, redis, 3);
  const tokens = stores.map((store) => store.cache<string>({ account: 'acme', kind: 'oauth', secret: true, maxEntries: 10 }));
  const zaks = stores.map((store) => store.cache<string>({ account: 'acme', kind: 'zak', secret: true, maxEntries: 1000 }));
  const minted = new Map<string, number>();
  const mint = (key: string) => async () => {
    minted.set(key, (minted.get(key) ?? 0) + 1);
    await sleep(100);
    return { value: `minted-${key}-${minted.get(key)}`, ttlMs: 60_000 };
  };

  const calls = Array.from({ length: 600 }, (_, i) => {
    if (i % 2 === 0) return (tokens[i % 3] ?? assert.fail()).get('token', mint('token'));
    const user = `user-${(i >> 1) % 40}@example.com`;
    return (zaks[i % 3] ?? assert.fail()).get(user, mint(user));
  });
  const values = await Promise.all(calls);

  assert.equal(minted.size, 41);
  for (const [key, count] of minted) assert.equal(count, 1, `${key} minted ${count} times`);
  values.forEach((value, i) => {
    const key = i % 2 === 0 ? 'token' : `user-${(i >> 1) % 40}@example.com`;
    assert.equal(value, `minted-${key}-1`);
  });
  // Every replica now holds the token near: no Redis round trip, no mint.
  for (const cache of tokens) assert.equal(cache.peek('token'), 'minted-token-1');
});
