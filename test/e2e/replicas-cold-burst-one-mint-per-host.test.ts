import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from 'undici';
import type { Config } from '../../src/config/config.js';
import { viaProxy } from '../helpers/passthrough.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { fetchFrom, startReplicas } from '../helpers/replica-stacks.js';
import { CANARY } from '../helpers/start-stack.js';

const BOTS = ['CANARY-bot-token-replica-one-3c7e', 'CANARY-bot-token-replica-two-9a1d', 'CANARY-bot-token-replica-three-5f2b'];
const botUser = (i: number): string => `bot${i}@example.com`;

// Generous Zoom deadline: this is about counting mints, and CI machines are busy.
const configure = (c: Config): void => {
  c.zoom.timeoutSeconds = 20;
  c.passthrough.maxConcurrentPerClient = 200;
  c.bots = BOTS.map((token, i) => ({ name: `bot-${i}`, token, user: botUser(i) }));
};

test('a cold burst of 400 requests spread over 4 replicas on one Redis: one OAuth mint, one ZAK mint per user, every answer right', async (t) => {
  const redis = await startTestRedis(t);
  if (!redis) return;
  const fleet = await startReplicas(t, redis, 4, { simulator: { seed: 'empty' }, configure });
  const agent = new Agent({ connections: 100, keepAliveTimeout: 100 });
  t.after(() => agent.close());
  const { sim } = fleet;
  BOTS.forEach((_, i) => sim.addUser({ email: botUser(i) }));
  const hosts = [0, 1, 2].map((i) => sim.addUser({ email: `host${i}@example.com` }));
  const meetings = hosts.map((host) => sim.addMeeting({ hostId: host.id }));
  // Slow Zoom down so that the requests truly overlap the mints on every replica.
  sim.faults.delay({ match: { kind: 'oauth' }, headersMs: 150 });
  sim.faults.delay({ match: { path: /\/token$/ }, headersMs: 100 });

  const answers = await Promise.all(
    Array.from({ length: 400 }, async (_, i) => {
      const replica = fleet.at(i);
      const pick = i % 4;
      if (pick === 0) return { what: `zak ${i % 3}`, ...(await fetchFrom(agent, `${replica.url}/zak?token=${BOTS[i % 3]}`)) };
      if (pick === 1 || pick === 2) {
        const got = await fetchFrom(agent, `${replica.url}/start/${meetings[i % 3]!.id}`, { authorization: `Bearer ${CANARY.clientKey}` });
        return { what: `start ${i % 3}`, ...got, body: new URL(got.location ?? 'http://x/').searchParams.get('zak') ?? '' };
      }
      const got = await viaProxy(replica, agent, 'GET', `/users/${hosts[i % 3]!.id}`);
      return { what: 'v2', status: got.status, body: String(got.json<{ id?: string }>().id), location: undefined };
    }),
  );
  for (const a of answers) assert.equal(a.status, a.what.startsWith('start') ? 302 : 200, `${a.what}: ${a.body}`);
  // One ZAK per user whichever replica answered: the replicas shared it.
  for (const what of new Set(answers.map((a) => a.what))) {
    if (what === 'v2') continue;
    assert.equal(new Set(answers.filter((a) => a.what === what).map((a) => a.body)).size, 1, `${what}: one ZAK across the replicas`);
  }
  assert.equal(sim.seen.oauthMints, 1, 'one OAuth mint for the fleet');
  for (let i = 0; i < 3; i++) {
    assert.equal(sim.seen.zakMints(botUser(i)), 1, `one ZAK mint for bot ${i}`);
    assert.equal(sim.seen.zakMints(hosts[i]!.id), 1, `one ZAK mint for host ${i}`);
    const lookUps = sim.seen.requests.filter((r) => r.kind === 'api' && r.rawPath === `/v2/meetings/${meetings[i]!.id}`);
    assert.equal(lookUps.length, 1, `one look-up of meeting ${i} for the fleet`);
  }
});
