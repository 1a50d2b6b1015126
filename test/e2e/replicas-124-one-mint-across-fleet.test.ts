import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from 'undici';
import { viaProxy } from '../helpers/passthrough.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { startReplicas } from '../helpers/replica-stacks.js';

test('Zoom invalidating the token (401 code 124) seen by 4 replicas at once: one new mint across the fleet, every call answered', async (t) => {
  const redis = await startTestRedis(t);
  if (!redis) return;
  const fleet = await startReplicas(t, redis, 4, { simulator: { seed: 'empty' }, configure: (c) => (c.passthrough.maxConcurrentPerClient = 100) });
  const agent = new Agent({ connections: 50, keepAliveTimeout: 100 });
  t.after(() => agent.close());
  const host = fleet.sim.addUser({ email: 'h@example.com' });
  // Every replica holds the token near it first: each will send it and see the 124.
  for (const stack of fleet.stacks) assert.equal((await viaProxy(stack, agent, 'GET', `/users/${host.id}`)).status, 200);
  assert.equal(fleet.sim.seen.oauthMints, 1);

  fleet.sim.faults.invalidateAccessTokens();
  // Slow the new mint down so that the other replicas' 124s arrive while it runs.
  fleet.sim.faults.delay({ match: { kind: 'oauth' }, headersMs: 150 });
  const statuses = await Promise.all(Array.from({ length: 120 }, async (_, i) => (await viaProxy(fleet.at(i), agent, 'GET', `/users/${host.id}`)).status));
  assert.deepEqual(new Set(statuses), new Set([200]));
  const refused = fleet.sim.seen.requests.filter((r) => r.kind === 'api' && r.response?.status === 401).length;
  assert.ok(refused >= 4, `every replica sent the old token (${refused} refusals)`);
  assert.equal(fleet.sim.seen.oauthMints, 2, 'a burst of 124s over the fleet costs one new token, not one per replica');
});
