import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { CANARY } from '../helpers/start-stack.js';
import { GOV_CANARY, twoAccountStackForTest } from '../helpers/two-account-stack.js';

test("a reload that changes one account's settings starts that account afresh and keeps the other's token and caches", async (t) => {
  const stack = await twoAccountStackForTest(t);
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  await request(stack.url).get(`/zak?token=${GOV_CANARY.botToken}`).expect(200);
  const before = stack.proxy.services;
  const accounts = (stack.config.accounts ?? []).map((account) => (account.name === 'gov' ? { ...account, timeoutSeconds: account.timeoutSeconds + 1 } : account));
  const outcome = stack.proxy.reload({ ...stack.config, accounts });
  assert.equal(outcome.zoomCachesKept, false, 'not every account kept its caches');
  assert.deepEqual(outcome.zoomCachesReset, ['gov'], 'the outcome names the account that starts empty');
  const after = stack.proxy.services;
  assert.equal(after.accounts.get('commercial')?.tokens, before.accounts.get('commercial')?.tokens);
  assert.notEqual(after.accounts.get('gov')?.tokens, before.accounts.get('gov')?.tokens);
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  await request(stack.url).get(`/zak?token=${GOV_CANARY.botToken}`).expect(200);
  assert.deepEqual([stack.commercial.seen.oauthMints, stack.commercial.seen.zakMints()], [1, 1], 'commercial: token and ZAK kept');
  assert.deepEqual([stack.gov.seen.oauthMints, stack.gov.seen.zakMints()], [2, 2], 'gov: minted afresh');
});
