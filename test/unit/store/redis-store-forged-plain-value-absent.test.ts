import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestRedis } from '../../helpers/redis-server.js';
import { openRedisStores } from '../../helpers/redis-stores.js';

/**
 * Look-ups are plain JSON in Redis, but they decide who a client may act for (a meeting's host, a
 * file's owner). A value the store did not write (its digest is keyed by `links.secret`) counts as
 * absent, like a sealed value that does not open: whoever can write to a shared Redis cannot plant
 * a host or an owner.
 */

test('a plain value written into Redis by someone else, without the store\'s digest, counts as absent', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const [store] = await openRedisStores(t, redis, 1);
  const hosts = (store ?? assert.fail()).cache<{ id: string }>({ account: 'acme', kind: 'host', secret: false, maxEntries: 10 });
  await redis.command('SET', 'zlp-test:acme:host:85012345678', `0:AAAAAAAAAAAAAAAAAAAAAA:p${JSON.stringify({ id: 'mallory' })}`, 'PX', '60000');
  assert.equal(await hosts.read('85012345678'), undefined);
  assert.deepEqual(await hosts.get('85012345678', () => Promise.resolve({ value: { id: 'bob' }, ttlMs: 60_000 })), { id: 'bob' });
  // The store's own values still read back on another replica.
  const [other] = await openRedisStores(t, redis, 1);
  const seen = (other ?? assert.fail()).cache<{ id: string }>({ account: 'acme', kind: 'host', secret: false, maxEntries: 10 });
  assert.deepEqual(await seen.read('85012345678'), { id: 'bob' });
});
