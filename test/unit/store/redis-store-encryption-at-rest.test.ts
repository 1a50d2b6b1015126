import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestRedis, type TestRedis } from '../../helpers/redis-server.js';
import { openRedisStores } from '../../helpers/redis-stores.js';

const TOKEN = 'CANARY-access-token-eyJhbGciOiJIUzUxMiJ9.payload.sig';
const ZAK = 'CANARY-zak-eyJ0eXAiOiJKV1QiLCJzdiI6IjAwMDAwMSJ9';
const OWNER = 'CANARY-plain-owner-not-a-secret';

/** A secret in every form it could be written in. */
function formsOf(secret: string): string[] {
  const bytes = Buffer.from(secret);
  // Base64 of a substring shifted by 0, 1 and 2 bytes, so it is found wherever the secret sits in a longer encoded text.
  const base64 = [0, 1, 2].flatMap((shift) => {
    const part = bytes.subarray(shift);
    const text = part.subarray(0, part.length - (part.length % 3)).toString('base64');
    return [text.slice(4, -4), Buffer.from(text, 'base64').toString('base64url').slice(4, -4)];
  });
  return [secret, secret.toLowerCase(), bytes.toString('hex'), bytes.toString('hex').toUpperCase(), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), ...base64];
}

/** Every key and string value in Redis, as one text. */
async function everything(redis: TestRedis): Promise<string> {
  const keys = (await redis.command('KEYS', '*')) as string[];
  const parts: string[] = [...keys];
  for (const key of keys) {
    if ((await redis.command('TYPE', key)) === 'string') parts.push(String(await redis.command('GET', key)));
  }
  return parts.join('\n');
}

test('credentials are sealed at rest: no key or value in Redis holds them in any encoding; plain kinds stay readable', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const [store] = await openRedisStores(t, redis, 1);
  assert.ok(store !== undefined);
  await store.cache<string>({ account: 'acme', kind: 'oauth', secret: true, maxEntries: 1 }).get('token', async () => ({ value: TOKEN, ttlMs: 60_000 }));
  const zaks = store.cache<{ zak: string }>({ account: 'acme', kind: 'zak', secret: true, maxEntries: 10 });
  await zaks.get('alice@example.com', async () => ({ value: { zak: ZAK }, ttlMs: 60_000 }));
  zaks.set('bob@example.com', { zak: ZAK }, 60_000);
  store.cache<string>({ account: 'acme', kind: 'owner', secret: false, maxEntries: 10 }).set('file-1', OWNER, 60_000);
  // set is fire and forget: wait until Redis holds both.
  while (((await redis.command('KEYS', '*')) as string[]).length < 5) await new Promise((resolve) => setTimeout(resolve, 20));

  const text = await everything(redis);
  assert.ok(text.includes(OWNER), 'the scan sees values (a plain one is there as written)');
  assert.ok(text.includes('zlp-test:acme:oauth:token'), 'keys are {prefix}{account}:{kind}:{key}');
  for (const secret of [TOKEN, ZAK]) {
    for (const form of formsOf(secret)) assert.ok(!text.includes(form), `a credential is in Redis as ${JSON.stringify(form)}`);
  }
});

test('a sealed value does not open under another key, once tampered with, or under another links.secret: it counts as absent', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const kind = { account: 'acme', kind: 'zak', secret: true, maxEntries: 10 };
  const [writer, reader] = await openRedisStores(t, redis, 2);
  const [rotated] = await openRedisStores(t, redis, 1, { secret: 'another-link-secret-9fK2mQ7xL4vT8wZ1' });
  assert.ok(writer !== undefined && reader !== undefined && rotated !== undefined);
  await writer.cache<string>(kind).get('alice', async () => ({ value: ZAK, ttlMs: 60_000 }));
  assert.equal(await reader.cache<string>(kind).read('alice'), ZAK, 'another replica on the same secret reads it');

  const sealed = String(await redis.command('GET', 'zlp-test:acme:zak:alice'));
  await redis.command('SET', 'zlp-test:acme:zak:mallory', sealed, 'PX', '60000');
  assert.equal(await reader.cache<string>(kind).read('mallory'), undefined, 'copied under another key');
  let produced = 0;
  const fresh = await reader.cache<string>(kind).get('mallory', async () => ({ value: `zak-for-mallory-${++produced}`, ttlMs: 60_000 }));
  assert.equal(fresh, 'zak-for-mallory-1', 'an unreadable value is produced anew, and replaced');
  assert.equal(await writer.cache<string>(kind).read('mallory'), 'zak-for-mallory-1');

  const flipped = sealed.slice(0, -6) + (sealed.at(-6) === 'A' ? 'B' : 'A') + sealed.slice(-5);
  await redis.command('SET', 'zlp-test:acme:zak:carol', flipped, 'PX', '60000');
  assert.equal(await reader.cache<string>(kind).read('carol'), undefined, 'tampered with');

  assert.equal(await rotated.cache<string>(kind).read('alice'), undefined, 'under another links.secret');
  // A plain value written into a credential's key is no credential.
  await redis.command('SET', 'zlp-test:acme:zak:dave', `0:x:p${JSON.stringify(ZAK)}`, 'PX', '60000');
  assert.equal(await reader.cache<string>(kind).read('dave'), undefined, 'plain in a secret kind');
});
