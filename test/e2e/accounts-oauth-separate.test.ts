import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { CANARY } from '../helpers/start-stack.js';
import { GOV_CANARY, twoAccountStackForTest } from '../helpers/two-account-stack.js';

test('a cold burst on both accounts at once costs one OAuth mint per account', async (t) => {
  const stack = await twoAccountStackForTest(t);
  const burst = Array.from({ length: 40 }, (_, i) => request(stack.url).get(`/zak?token=${i % 2 === 0 ? CANARY.botToken : GOV_CANARY.botToken}`).expect(200));
  await Promise.all(burst);
  assert.equal(stack.commercial.seen.oauthMints, 1);
  assert.equal(stack.gov.seen.oauthMints, 1);
});

test("one account's OAuth failing leaves the other serving; /readyz names the account that cannot get a token", async (t) => {
  const stack = await twoAccountStackForTest(t);
  stack.gov.faults.rejectCredentials(true);
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  await request(stack.url).get('/v2/users/me').set('authorization', `Bearer ${CANARY.clientKey}`).expect(200);
  const govZak = await request(stack.url).get(`/zak?token=${GOV_CANARY.botToken}`);
  assert.ok(govZak.status >= 500, `the gov bot gets an error, not a token (${govZak.status})`);
  const ready = await request(stack.url).get('/readyz').expect(503);
  const body = ready.body as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'zoom_unavailable');
  assert.match(body.error.message, /\bgov\b/);
  assert.doesNotMatch(body.error.message, /commercial/);
  const logs = stack.logs.text();
  for (const secret of [CANARY.clientSecret, GOV_CANARY.clientSecret]) assert.ok(!logs.includes(secret), 'a client secret is in the logs');
});
