import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from 'undici';
import { viaProxy } from '../helpers/passthrough.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { sleep, until } from '../helpers/redis-stores.js';
import { fetchFrom, startReplicas } from '../helpers/replica-stacks.js';
import { BOT_USER, CANARY } from '../helpers/start-stack.js';

test('Redis killed in the middle of a cold burst over 4 replicas: every request still answered correctly, each replica on its own', async (t) => {
  const redis = await startTestRedis(t);
  if (!redis) return;
  const fleet = await startReplicas(t, redis, 4, {
    simulator: { seed: 'empty' },
    configure: (c) => {
      c.zoom.timeoutSeconds = 20;
      c.passthrough.maxConcurrentPerClient = 200;
    },
  });
  const agent = new Agent({ connections: 100, keepAliveTimeout: 100 });
  t.after(() => agent.close());
  const { sim } = fleet;
  sim.addUser({ email: BOT_USER });
  const host = sim.addUser({ email: 'host@example.com' });
  const meeting = sim.addMeeting({ hostId: host.id });
  // Mints slow enough that Redis dies while leases are held and replicas wait on each other.
  sim.faults.delay({ match: { kind: 'oauth' }, headersMs: 300 });

  const burst = Promise.all(
    Array.from({ length: 300 }, async (_, i) => {
      await sleep(i % 10 === 0 ? 400 : 0); // some requests come after Redis is gone
      const replica = fleet.at(i);
      if (i % 3 === 0) {
        const got = await fetchFrom(agent, `${replica.url}/zak?token=${CANARY.botToken}`);
        assert.equal(got.status, 200, got.body);
        assert.ok(got.body.length > 20, 'a ZAK');
      } else if (i % 3 === 1) {
        const got = await fetchFrom(agent, `${replica.url}/start/${meeting.id}`, { authorization: `Bearer ${CANARY.clientKey}` });
        assert.equal(got.status, 302, got.body);
        assert.ok(new URL(got.location!).searchParams.get('zak'), 'a start URL with a ZAK');
      } else {
        const got = await viaProxy(replica, agent, 'GET', `/users/${host.id}`);
        assert.equal(got.status, 200, got.text);
        assert.equal(got.json<{ id: string }>().id, host.id);
      }
    }),
  );
  await sleep(150);
  await redis.kill();
  await burst;
  await until(() => fleet.stores.every((s) => s.health() === 'unavailable'), 3_000, 'every replica to see Redis gone');
  // Without Redis each replica shares nothing, but still mints once for itself.
  assert.ok(sim.seen.oauthMints <= fleet.stacks.length, `at most one OAuth mint per replica (${sim.seen.oauthMints})`);
  assert.ok(sim.seen.zakMints(BOT_USER) <= fleet.stacks.length, `at most one bot ZAK mint per replica (${sim.seen.zakMints(BOT_USER)})`);
});
