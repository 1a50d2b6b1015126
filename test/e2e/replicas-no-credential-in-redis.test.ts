import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from 'undici';
import { viaProxy } from '../helpers/passthrough.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import { fetchFrom, startReplicas } from '../helpers/replica-stacks.js';
import { BOT_USER, CANARY } from '../helpers/start-stack.js';

/** Every key in Redis, and every value of it by type, as text. */
async function everything(redis: TestRedis): Promise<string[]> {
  const seen: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = (await redis.command('SCAN', cursor, 'COUNT', '1000')) as [string, string[]];
    cursor = next;
    for (const key of keys) {
      seen.push(key);
      const type = String(await redis.command('TYPE', key));
      const read: Record<string, string[]> = {
        string: ['GET', key], hash: ['HGETALL', key], list: ['LRANGE', key, '0', '-1'], set: ['SMEMBERS', key],
        zset: ['ZRANGE', key, '0', '-1', 'WITHSCORES'], stream: ['XRANGE', key, '-', '+'],
      };
      const command = read[type];
      assert.ok(command, `a key of a type this test does not read: ${type}`);
      seen.push(JSON.stringify(await redis.command(...command)));
    }
  } while (cursor !== '0');
  return seen;
}

/** A credential as it could be written: as is, in base64, base64url, hex, percent-encoded, and (a JWT) each of its parts. */
function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const forms = [secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), encodeURIComponent(secret)];
  for (const part of secret.split('.')) if (part.length >= 16) forms.push(part);
  return forms;
}

test('after a burst over 3 replicas, no access token or ZAK is anywhere in Redis, in any encoding', async (t) => {
  const redis = await startTestRedis(t);
  if (!redis) return;
  const fleet = await startReplicas(t, redis, 3, { simulator: { seed: 'empty' } });
  const agent = new Agent({ connections: 30, keepAliveTimeout: 100 });
  t.after(() => agent.close());
  fleet.sim.addUser({ email: BOT_USER });
  const host = fleet.sim.addUser({ email: 'host@example.com' });
  const meeting = fleet.sim.addMeeting({ hostId: host.id });

  const zaks = new Set<string>();
  await Promise.all(
    Array.from({ length: 60 }, async (_, i) => {
      const replica = fleet.at(i);
      if (i % 3 === 0) {
        const got = await fetchFrom(agent, `${replica.url}/zak?token=${CANARY.botToken}`);
        assert.equal(got.status, 200);
        zaks.add(got.body);
      } else if (i % 3 === 1) {
        const got = await fetchFrom(agent, `${replica.url}/start/${meeting.id}`, { authorization: `Bearer ${CANARY.clientKey}` });
        assert.equal(got.status, 302);
        zaks.add(new URL(got.location!).searchParams.get('zak')!);
      } else {
        assert.equal((await viaProxy(replica, agent, 'GET', `/users/${host.id}`)).status, 200);
      }
    }),
  );
  const tokens = new Set(
    fleet.sim.seen.requests.flatMap((r) => {
      const auth = r.kind === 'api' ? r.headers.authorization : undefined;
      return typeof auth === 'string' && auth.startsWith('Bearer ') ? [auth.slice('Bearer '.length)] : [];
    }),
  );
  assert.equal(tokens.size, 1, 'the replicas used one access token');
  assert.equal(zaks.size, 2, 'one ZAK for the bot, one for the host');

  const stored = await everything(redis);
  const keys = stored.filter((_, i) => i % 2 === 0);
  assert.ok(keys.some((k) => k.includes(':oauth:')), `the token is in Redis: ${keys.join(' ')}`);
  assert.ok(keys.some((k) => k.includes(':zak:')), `ZAKs are in Redis: ${keys.join(' ')}`);
  const all = stored.join('\n');
  for (const secret of [...tokens, ...zaks]) {
    for (const form of encodings(secret)) assert.ok(!all.includes(form), `a credential is in Redis (${form.slice(0, 12)}...)`);
  }
});
