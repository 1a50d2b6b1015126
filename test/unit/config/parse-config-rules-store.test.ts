import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../src/config/parse-config.js';
import { secretsOf } from '../../../src/config/secrets-of.js';
import { rejectsEveryRow, row } from '../../helpers/config-rule-rows.js';
import { changed, validConfig } from '../../helpers/valid-config.js';

/** The rules of `store`, one row each. */

const URL_MSG = 'must be a redis:// or rediss:// URL: redis[s]://[[user]:password@]host[:port][/database]';
const PREFIX_MSG = 'must be 1 to 64 printable ASCII characters without spaces';

/** The valid configuration with `store.type` redis and `url` changed. */
function redisRow(url: unknown, message: string, env?: NodeJS.ProcessEnv): ReturnType<typeof row> {
  const [description, raw] = row(['store', 'url'], url, message, env);
  return [`store.type = "redis", ${description}`, changed(raw as Record<string, unknown>, ['store', 'type'], 'redis'), message, env];
}

rejectsEveryRow('store', [
  row(['store'], 'redis', 'store: must be an object'),
  row(['store'], null, 'store: must be an object'),
  row(['store', 'typ'], 'redis', 'store.typ: unknown key (did you mean type?)'),
  row(['store', 'type'], 'Redis', 'store.type: must be "memory" or "redis"'),
  row(['store', 'type'], 'redis', 'store.url: required when store.type is "redis"'),
  redisRow('localhost:6379', `store.url: ${URL_MSG}`),
  redisRow('http://redis.internal:6379', `store.url: ${URL_MSG}`),
  redisRow('redis:/redis.internal', `store.url: ${URL_MSG}`),
  redisRow('redis://', `store.url: ${URL_MSG}`),
  redisRow('redis://redis.internal:6379 ', `store.url: ${URL_MSG}, without spaces`),
  redisRow('redis://redis.internal/zero', 'store.url: must name the database as a number after the host (/0, /1, ...), or none'),
  redisRow('redis://redis.internal/0?timeout=1', 'store.url: must not have a query (?) or a fragment (#)'),
  redisRow(6379, `store.url: ${URL_MSG}`),
  redisRow('env:REDIS_URL', 'store.url: environment variable REDIS_URL is not set', {}),
  redisRow('env:REDIS_URL', `store.url: ${URL_MSG}`, { REDIS_URL: 'redis.internal:6379' }),
  row(['store', 'keyPrefix'], '', `store.keyPrefix: ${PREFIX_MSG}`),
  row(['store', 'keyPrefix'], 'zlp a:', `store.keyPrefix: ${PREFIX_MSG}`),
  row(['store', 'keyPrefix'], 'x'.repeat(65), `store.keyPrefix: ${PREFIX_MSG}`),
  row(['store', 'keyPrefix'], 7, `store.keyPrefix: ${PREFIX_MSG}`),
]);

test('a Redis URL from the environment is taken, and its password is scrubbed from logs (as written and decoded)', () => {
  const raw = changed(changed(validConfig(), ['store', 'type'], 'redis'), ['store', 'url'], 'env:REDIS_URL');
  const config = parseConfig(raw, { REDIS_URL: 'rediss://proxy:CANARY-redis%2Fpassword-77@redis.internal:6380/1' });
  assert.deepEqual(config.store, { type: 'redis', url: 'rediss://proxy:CANARY-redis%2Fpassword-77@redis.internal:6380/1', keyPrefix: 'zlp:' });
  const secrets = secretsOf(config);
  assert.ok(secrets.includes('CANARY-redis%2Fpassword-77'));
  assert.ok(secrets.includes('CANARY-redis/password-77'));
});

test('a bad store.url is never quoted in the message (it may hold a password)', () => {
  const raw = changed(changed(validConfig(), ['store', 'type'], 'redis'), ['store', 'url'], 'redis://:CANARY-pw@host/db?x');
  assert.throws(() => parseConfig(raw, {}), (err: Error) => !err.message.includes('CANARY'));
});

test('store.url may be given with the memory store (it is then not used)', () => {
  const config = parseConfig(changed(validConfig(), ['store', 'url'], 'redis://127.0.0.1:6379'), {});
  assert.equal(config.store?.type, 'memory');
});
