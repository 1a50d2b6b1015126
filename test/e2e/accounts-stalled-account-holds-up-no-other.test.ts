/**
 * Probe (not run by the suite): two accounts on the same Zoom hosts (two commercial accounts) share
 * one connection pool per host, sized by the largest `connections` of the accounts, so a stall of one
 * account's calls queues the other's behind it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import type { ZoomAccount } from '../../src/config/config.js';
import { zoomKeysFor } from '../../src/demo/demo-config.js';
import { CANARY, stackForTest } from '../helpers/start-stack.js';

const PARTNER_BOT = 'CANARY-bot-token-partner-3e7a';

test("one account's stalled OAuth does not hold up another account on the same Zoom hosts", async (t) => {
  const stack = await stackForTest(t, {
    simulator: {
      accounts: [
        { name: 'commercial', credentials: { accountId: 'test-account', clientId: 'test-client-id', clientSecret: CANARY.clientSecret }, seed: 'demo' },
        { name: 'partner' },
      ],
    },
    configure: (config, sim) => {
      const accountOf = (name: string): ZoomAccount => {
        const account = sim.account(name);
        return {
          ...config.zoom,
          name,
          ...zoomKeysFor(account),
          timeoutSeconds: 5,
          connections: 1,
        };
      };
      config.accounts = [accountOf('commercial'), accountOf('partner')];
      config.zoom = config.accounts[0] as ZoomAccount;
      for (const client of config.clients) client.account = 'commercial';
      for (const bot of config.bots) bot.account = 'commercial';
      config.bots.push({ name: 'partner-bot', token: PARTNER_BOT, user: 'partner-bot@example.com', account: 'partner' });
      sim.account('partner').addUser({ email: 'partner-bot@example.com' });
    },
  });
  stack.sim.faults.delay({ match: { kind: 'oauth', account: 'commercial' }, headersMs: 3000, count: 1 });
  const stalled = request(stack.url).get(`/zak?token=${CANARY.botToken}`).then((res) => res.status);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  await request(stack.url).get(`/zak?token=${PARTNER_BOT}`).expect(200);
  const waitedMs = performance.now() - started;
  await stalled;
  assert.ok(waitedMs < 1500, `the partner's ZAK waited ${Math.round(waitedMs)} ms behind the commercial account's stalled OAuth call`);
});
