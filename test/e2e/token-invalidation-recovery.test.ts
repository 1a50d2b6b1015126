import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { CANARY, startStack } from '../helpers/start-stack.js';

test('Zoom invalidating the access token (401 code 124): one new token, the request retried once and answered', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  try {
    const meeting = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'h@example.com' }).id });
    await request(stack.url).get(`/start/${meeting.id}`).set('authorization', `Bearer ${CANARY.clientKey}`).expect(302);
    assert.equal(stack.sim.seen.oauthMints, 1);

    stack.sim.faults.invalidateAccessTokens();
    stack.clock.advance(31_000); // past the meeting look-up cache, so Zoom is asked again
    await Promise.all(Array.from({ length: 50 }, () => request(stack.url).get(`/start/${meeting.id}`).set('authorization', `Bearer ${CANARY.clientKey}`).expect(302)));
    assert.equal(stack.sim.seen.oauthMints, 2, 'a burst of 124s costs one new token, not one each');
  } finally {
    await stack.close();
  }
});

test('a token that Zoom keeps refusing: the retry happens once, then 502 zoom_auth_failed', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  try {
    const meeting = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'h@example.com' }).id });
    stack.sim.faults.fail({ match: { kind: 'api' }, status: 401, code: 124 });
    const res = await request(stack.url).get(`/start/${meeting.id}`).set('authorization', `Bearer ${CANARY.clientKey}`).expect(502);
    assert.equal((res.body as { error: { code: string } }).error.code, 'zoom_auth_failed');
    assert.equal(stack.sim.seen.oauthMints, 2);
  } finally {
    await stack.close();
  }
});

test('the OAuth token is renewed before it expires, so no request carries a dying token', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  try {
    const meeting = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'h@example.com' }).id });
    const start = () => request(stack.url).get(`/start/${meeting.id}`).set('authorization', `Bearer ${CANARY.clientKey}`).expect(302);
    await start();
    stack.clock.advance(50 * 60_000);
    await start();
    assert.equal(stack.sim.seen.oauthMints, 1, 'ten minutes left: still reused');
    stack.clock.advance(6 * 60_000);
    await start();
    assert.equal(stack.sim.seen.oauthMints, 2, 'four minutes left: renewed');
    const mint = stack.sim.seen.requests.find((r) => r.kind === 'oauth');
    assert.match(String(mint?.headers.authorization), /^Basic /);
    assert.equal(mint?.rawPath, '/oauth/token', 'credentials in the form body, not the query string');
  } finally {
    await stack.close();
  }
});
