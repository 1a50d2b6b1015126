import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from 'undici';
import { viaProxy } from '../helpers/passthrough.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { sleep, until } from '../helpers/redis-stores.js';
import { fetchFrom, startReplicas } from '../helpers/replica-stacks.js';
import { CANARY } from '../helpers/start-stack.js';

test('Redis restarted (empty) under 3 replicas: sharing resumes with no proxy restart, a mint on one replica used by the others', async (t) => {
  const redis = await startTestRedis(t);
  if (!redis) return;
  const fleet = await startReplicas(t, redis, 3, { simulator: { seed: 'empty' }, configure: (c) => (c.passthrough.maxConcurrentPerClient = 100) });
  const agent = new Agent({ connections: 40, keepAliveTimeout: 100 });
  t.after(() => agent.close());
  const { sim, stacks } = fleet;
  const [a, b, c] = stacks as [typeof stacks[0], typeof stacks[0], typeof stacks[0]];
  const host = sim.addUser({ email: 'host@example.com' });
  const meeting = sim.addMeeting({ hostId: host.id });
  for (const stack of stacks) assert.equal((await viaProxy(stack, agent, 'GET', `/users/${host.id}`)).status, 200);
  assert.equal(sim.seen.oauthMints, 1);

  await redis.kill();
  await until(() => fleet.stores.every((s) => s.health() === 'unavailable'), 3_000, 'every replica to see Redis gone');
  await sleep(300);
  await redis.restart();
  await until(() => fleet.stores.every((s) => s.health() === 'ok'), 5_000, 'every replica to use Redis again');

  // A ZAK minted on one replica after the restart is the one the others hand out.
  const first = await fetchFrom(agent, `${a.url}/start/${meeting.id}`, { authorization: `Bearer ${CANARY.clientKey}` });
  assert.equal(first.status, 302);
  for (const other of [b, c]) {
    const got = await fetchFrom(agent, `${other.url}/start/${meeting.id}`, { authorization: `Bearer ${CANARY.clientKey}` });
    assert.equal(got.status, 302);
    assert.equal(new URL(got.location!).searchParams.get('zak'), new URL(first.location!).searchParams.get('zak'));
  }
  assert.equal(sim.seen.zakMints(host.id), 1, 'one ZAK mint for the fleet after the restart');

  // Invalidations are heard again: a burst of 124s over the fleet costs one new token.
  sim.faults.invalidateAccessTokens();
  sim.faults.delay({ match: { kind: 'oauth' }, headersMs: 150 });
  const statuses = await Promise.all(Array.from({ length: 60 }, async (_, i) => (await viaProxy(fleet.at(i), agent, 'GET', `/users/${host.id}`)).status));
  assert.deepEqual(new Set(statuses), new Set([200]));
  assert.equal(sim.seen.oauthMints, 2, 'one new token for the fleet, not one per replica');
});
