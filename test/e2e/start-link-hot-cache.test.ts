import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { CANARY, startStack } from '../helpers/start-stack.js';

test('a start link clicked again while the caches are hot makes no call to Zoom; after 30 s the meeting is looked up again', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  try {
    const meeting = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'h@example.com' }).id });
    const start = () => request(stack.url).get(`/start/${meeting.id}`).set('authorization', `Bearer ${CANARY.clientKey}`).expect(302);
    await start();
    const calls = stack.sim.seen.requests.length;
    for (let i = 0; i < 5; i++) await start();
    assert.equal(stack.sim.seen.requests.length, calls, 'no Zoom call on a hot cache');
    stack.clock.advance(31_000);
    await start();
    assert.equal(stack.sim.seen.requests.length, calls + 1, 'one meeting look-up, the ZAK still cached');
  } finally {
    await stack.close();
  }
});
