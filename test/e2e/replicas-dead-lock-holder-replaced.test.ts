import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { STORE_DEFAULTS } from '../../src/store/redis-store.js';
import { startSimulator } from '../../simulator/simulator.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { sleep } from '../helpers/redis-stores.js';
import { simulatorConfigFile, spawnProxy, type SpawnedProxy } from '../helpers/spawn-proxy.js';

const BOT_TOKEN = 'replicas-dead-holder-bot-token-0001';
const BOT_USER = 'bot@example.com';

test('the replica holding the mint lease SIGKILLed mid-mint: another replica takes over once the lease runs out', async (t) => {
  const redis = await startTestRedis(t);
  if (!redis) return;
  const sim = await startSimulator({ seed: 'empty' });
  t.after(() => sim.close());
  sim.addUser({ email: BOT_USER });
  const file = simulatorConfigFile(sim, {
    links: { secret: 'a-link-secret-for-the-dead-holder-test-0123' },
    bots: [{ name: 'recall', token: BOT_TOKEN, user: BOT_USER }],
    store: { type: 'redis', url: redis.url, keyPrefix: 'zlp-test:' },
  });
  const replicas: SpawnedProxy[] = [spawnProxy(['--config', file]), spawnProxy(['--config', file])];
  t.after(async () => {
    for (const replica of replicas) {
      replica.child.kill('SIGKILL');
      await replica.exited;
    }
  });
  const [holderUrl, otherUrl] = await Promise.all(replicas.map((r) => r.listening));
  const [holder] = replicas as [SpawnedProxy, SpawnedProxy];

  // The first ZAK mint hangs at Zoom (each replica has its token: the start check minted it): the
  // replica that asked holds the lease, renewing it, until it dies.
  sim.faults.delay({ match: { path: /\/token$/ }, headersMs: 60_000, count: 1 });
  const abandoned = request(`${holderUrl}/zak?token=${BOT_TOKEN}`).catch(() => undefined);
  const deadline = Date.now() + 5_000;
  let locks: string[] = [];
  while (locks.length === 0) {
    assert.ok(Date.now() < deadline, 'the holder never took the lease');
    await sleep(20);
    locks = (await redis.command('KEYS', 'zlp-test:*zak.lock*')) as string[];
  }
  // A little longer than a renewal: the lease the other replica waits for is a renewed one.
  await sleep(STORE_DEFAULTS.leaseMs / 3 + 200);
  holder.child.kill('SIGKILL');
  await holder.exited;
  await abandoned;

  const began = Date.now();
  const res = await request(`${otherUrl}/zak?token=${BOT_TOKEN}`);
  const body = await res.body.text();
  const waited = Date.now() - began;
  assert.equal(res.statusCode, 200, body);
  assert.ok(body.length > 20, 'a ZAK');
  assert.ok(waited >= 500, `the other replica waited for the dead holder's lease (${waited} ms)`);
  assert.ok(waited < STORE_DEFAULTS.leaseMs + 3_000, `and took over once it ran out (${waited} ms)`);
  const asked = sim.seen.requests.filter((r) => r.kind === 'api' && /\/token\?/.test(r.rawPath)).length;
  assert.equal(asked, 2, "the dead holder's ZAK mint and the one that replaced it");
});
