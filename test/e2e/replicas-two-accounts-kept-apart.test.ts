import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from 'undici';
import { call } from '../helpers/passthrough.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { fetchFrom, startReplicas } from '../helpers/replica-stacks.js';
import { BOT_USER, CANARY } from '../helpers/start-stack.js';
import { DEMO, DEMO_GOV, GOV_CANARY, twoAccountOptions } from '../helpers/two-account-stack.js';

test('two accounts on one Redis, 3 replicas: each account mints once, and no replica hands one account the state of the other', async (t) => {
  const redis = await startTestRedis(t);
  if (!redis) return;
  const fleet = await startReplicas(t, redis, 3, twoAccountOptions({ configure: (c) => (c.passthrough.maxConcurrentPerClient = 100) }));
  const agent = new Agent({ connections: 40, keepAliveTimeout: 100 });
  t.after(() => agent.close());
  const commercial = fleet.sim.account('commercial');
  const gov = fleet.sim.account('gov');
  fleet.sim.faults.delay({ match: { kind: 'oauth' }, headersMs: 100 });

  const answers = await Promise.all(
    Array.from({ length: 160 }, async (_, i) => {
      const replica = fleet.at(i);
      const account = i % 2 === 0 ? 'commercial' : 'gov';
      if (i % 4 < 2) {
        const got = await fetchFrom(agent, `${replica.url}/zak?token=${account === 'gov' ? GOV_CANARY.botToken : CANARY.botToken}`);
        return { account, what: 'zak', status: got.status, value: got.body };
      }
      const got = await call(agent, 'GET', `${replica.url}/v2/users/me`, { key: account === 'gov' ? GOV_CANARY.clientKey : CANARY.clientKey });
      return { account, what: 'me', status: got.status, value: got.status === 200 ? got.json<{ id: string }>().id : got.text };
    }),
  );
  for (const a of answers) assert.equal(a.status, 200, `${a.account} ${a.what}: ${a.value}`);
  const values = (account: string, what: string): Set<string> => new Set(answers.filter((a) => a.account === account && a.what === what).map((a) => a.value));
  assert.deepEqual(values('commercial', 'me'), new Set([DEMO.users.alice.id]));
  assert.deepEqual(values('gov', 'me'), new Set([DEMO_GOV.users.dana.id]));
  const [commercialZak, govZak] = [values('commercial', 'zak'), values('gov', 'zak')];
  assert.equal(commercialZak.size, 1);
  assert.equal(govZak.size, 1);
  assert.notDeepEqual(commercialZak, govZak);

  assert.equal(commercial.seen.oauthMints, 1, 'one mint for the commercial account');
  assert.equal(gov.seen.oauthMints, 1, 'one mint for the gov account');
  assert.equal(commercial.seen.zakMints(BOT_USER), 1);
  assert.equal(gov.seen.zakMints(DEMO_GOV.users.bot.email), 1);
  // Each account's calls carried its own credential only.
  for (const [name, account] of [['commercial', commercial], ['gov', gov]] as const) {
    const carried = new Set(account.seen.requests.filter((r) => r.kind === 'api').map((r) => r.account));
    assert.deepEqual(carried, new Set([name]), `${name}'s API saw only its own token`);
  }
  // Keys are `{prefix}{account}/{digest of its Zoom app}:{kind}:{key}`.
  const keys = (await redis.command('KEYS', '*')) as string[];
  for (const name of ['commercial', 'gov']) {
    for (const kind of ['oauth', 'zak']) {
      const filed = keys.filter((k) => k.startsWith(`zlp-test:${name}/`) && k.includes(`:${kind}:`));
      assert.equal(filed.length, 1, `${name}'s ${kind} is filed under its name: ${keys.join(' ')}`);
    }
  }
});
