import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import request from 'supertest';
import type { ZoomAccount } from '../../src/config/config.js';
import { zoomKeysFor } from '../../src/demo/demo-config.js';
import { CANARY, stackForTest, type Stack } from '../helpers/start-stack.js';

/**
 * Two accounts on the same Zoom hosts (two commercial accounts: an ISV with one per customer) each
 * have connections of their own, one of each pool here: a call of one account that Zoom holds for
 * 3 s does not queue the other account's calls behind it (they waited ~2.9 s when the pools were
 * shared per host).
 */
const PARTNER_BOT = 'CANARY-bot-token-partner-3e7a';
const PARTNER_KEY = 'CANARY-client-key-partner-all-users-71d4';
const STALL_MS = 3000;
const PROMPT_MS = 1500;

async function twoAccountsOnOneHost(t: TestContext): Promise<Stack> {
  return stackForTest(t, {
    simulator: {
      accounts: [
        { name: 'commercial', credentials: { accountId: 'test-account', clientId: 'test-client-id', clientSecret: CANARY.clientSecret }, seed: 'demo' },
        { name: 'partner' },
      ],
    },
    configure: (config, sim) => {
      const accountOf = (name: string): ZoomAccount => ({ ...config.zoom, name, ...zoomKeysFor(sim.account(name)), timeoutSeconds: 5, connections: 1 });
      config.accounts = [accountOf('commercial'), accountOf('partner')];
      config.zoom = config.accounts[0] as ZoomAccount;
      config.passthrough.connections = 1;
      for (const client of config.clients) client.account = 'commercial';
      for (const bot of config.bots) bot.account = 'commercial';
      config.clients.push({ name: 'partner-app', keys: [PARTNER_KEY], users: ['*'], account: 'partner' });
      config.bots.push({ name: 'partner-bot', token: PARTNER_BOT, user: 'partner-bot@example.com', account: 'partner' });
      sim.account('partner').addUser({ email: 'partner-bot@example.com' });
    },
  });
}

/** How long `call` takes while `stalled` (already sent) waits on Zoom; then waits for `stalled` too. */
async function msWhileStalled(stalled: Promise<number>, call: () => Promise<unknown>): Promise<number> {
  // The stalled call has taken the account's one connection by then.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  await call();
  const waited = performance.now() - started;
  await stalled;
  return waited;
}

test("one account's stalled OAuth call does not hold up another account's bot token on the same Zoom hosts", async (t) => {
  const stack = await twoAccountsOnOneHost(t);
  stack.sim.faults.delay({ match: { kind: 'oauth', account: 'commercial' }, headersMs: STALL_MS, count: 1 });
  const stalled = request(stack.url).get(`/zak?token=${CANARY.botToken}`).then((res) => res.status);
  const waited = await msWhileStalled(stalled, () => request(stack.url).get(`/zak?token=${PARTNER_BOT}`).expect(200));
  assert.ok(waited < PROMPT_MS, `the partner's ZAK waited ${Math.round(waited)} ms behind the commercial account's stalled OAuth call`);
  assert.equal(await stalled, 200, 'the stalled call itself is served once Zoom answers');
});

test("one account's stalled /v2 call does not hold up another account's /v2 calls on the same API host", async (t) => {
  const stack = await twoAccountsOnOneHost(t);
  // Tokens first, so only the API calls go through the passthrough's pools.
  await request(stack.url).get('/v2/users').set('authorization', `Bearer ${CANARY.clientKey}`).expect(200);
  await request(stack.url).get('/v2/users').set('authorization', `Bearer ${PARTNER_KEY}`).expect(200);
  stack.sim.faults.delay({ match: { kind: 'api', account: 'commercial' }, headersMs: STALL_MS, count: 1 });
  const stalled = request(stack.url).get('/v2/users').set('authorization', `Bearer ${CANARY.clientKey}`).then((res) => res.status);
  const waited = await msWhileStalled(stalled, () => request(stack.url).get('/v2/users').set('authorization', `Bearer ${PARTNER_KEY}`).expect(200));
  assert.ok(waited < PROMPT_MS, `the partner's /v2 call waited ${Math.round(waited)} ms behind the commercial account's stalled one`);
  assert.equal(await stalled, 200);
});
