import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from 'undici';
import { startTestRedis } from '../helpers/redis-server.js';
import { TEST_STORE_TIMINGS, until } from '../helpers/redis-stores.js';
import { fetchFrom, startReplicas } from '../helpers/replica-stacks.js';
import { CANARY } from '../helpers/start-stack.js';

// Room for Zoom's own answer and a busy CI machine; far below the 3 s Redis sleeps.
const MARGIN_MS = 750;

test('Redis paused (DEBUG SLEEP 3) under 4 replicas: no request waits longer than the command timeout and a margin', async (t) => {
  const redis = await startTestRedis(t);
  if (!redis) return;
  const fleet = await startReplicas(t, redis, 4, { simulator: { seed: 'empty' }, configure: (c) => (c.passthrough.maxConcurrentPerClient = 100) });
  const agent = new Agent({ connections: 80, keepAliveTimeout: 100 });
  t.after(() => agent.close());
  const hosts = Array.from({ length: 8 }, (_, i) => fleet.sim.addUser({ email: `host${i}@example.com` }));
  const meetings = hosts.map((host) => fleet.sim.addMeeting({ hostId: host.id }));
  const start = (i: number): Promise<{ status: number }> =>
    fetchFrom(agent, `${fleet.at(i).url}/start/${meetings[i % meetings.length]!.id}`, { authorization: `Bearer ${CANARY.clientKey}` });
  // The token is shared first: what is cold during the pause is each host's ZAK and meeting.
  for (let i = 0; i < fleet.stacks.length; i++) assert.equal((await fetchFrom(agent, `${fleet.at(i).url}/v2/users/${hosts[0]!.id}`, { authorization: `Bearer ${CANARY.clientKey}` })).status, 200);

  const sleeping = redis.command('DEBUG', 'SLEEP', '3');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const timed = await Promise.all(
    Array.from({ length: 160 }, async (_, i) => {
      const began = performance.now();
      const got = await start(i);
      return { status: got.status, ms: performance.now() - began };
    }),
  );
  const longest = Math.max(...timed.map((x) => x.ms));
  console.log(`longest request while Redis slept: ${longest.toFixed(0)} ms`);
  assert.deepEqual(new Set(timed.map((x) => x.status)), new Set([302]));
  assert.ok(longest < TEST_STORE_TIMINGS.commandTimeoutMs + MARGIN_MS, `a request waited ${longest.toFixed(0)} ms`);
  await sleeping;
  await until(() => fleet.stores.every((s) => s.health() === 'ok'), 5_000, 'every replica to use Redis again');
});
