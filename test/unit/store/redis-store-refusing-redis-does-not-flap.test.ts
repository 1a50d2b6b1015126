import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../../src/logging/create-logger.js';
import { createLogCapture } from '../../helpers/log-capture.js';
import { startTestRedis } from '../../helpers/redis-server.js';
import { openRedisStores, sleep } from '../../helpers/redis-stores.js';

/**
 * A Redis that answers PING but refuses the store's commands (out of memory with `noeviction`,
 * scripting disabled by a managed provider) is unavailable: the store says so once and stays off
 * it, rather than joining it again at every probe and leaving it at the next command (a pair of
 * log lines and a breaker flip every probe interval, on every replica).
 */

test('a Redis that answers PING but refuses the store\'s commands keeps the store unavailable: logged once, no flapping', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const capture = createLogCapture();
  const logger = createLogger({ level: 'info', destination: capture.stream });
  const [store] = await openRedisStores(t, redis, 1, { logger });
  const cache = (store ?? assert.fail()).cache<string>({ account: 'acme', kind: 'meeting', secret: false, maxEntries: 100 });
  await redis.command('CONFIG', 'SET', 'maxmemory', '1');
  // Requests keep coming, as they do in production: each is served (on the replica's own state).
  for (let i = 0; i < 15; i++) {
    assert.equal(await cache.get(`m-${i}`, () => Promise.resolve({ value: `v-${i}`, ttlMs: 60_000 })), `v-${i}`);
    await sleep(150);
  }
  const messages = capture.lines().map((line) => String(line['msg']));
  assert.equal(messages.filter((msg) => msg.startsWith('store unavailable')).length, 1, messages.join('\n'));
  assert.equal(messages.filter((msg) => msg.startsWith('store available again')).length, 0);
  assert.equal(store?.health(), 'unavailable');
});
