import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { BOT_USER, CANARY, startStack } from '../helpers/start-stack.js';

test('a revoked ZAK is replaced once zak.cacheSeconds have passed', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure: (c) => (c.zak.cacheSeconds = 300) });
  try {
    stack.sim.addUser({ email: BOT_USER });
    const meeting = stack.sim.addMeeting({ hostId: stack.sim.user(BOT_USER)?.id ?? '' });
    const zak = () => request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200).then((r) => r.text);
    const first = await zak();
    assert.equal(stack.sim.checkStartZak(meeting.id, first), 'host');

    stack.sim.faults.revokeZaks(BOT_USER); // "sign me out of all devices"
    assert.equal(stack.sim.checkStartZak(meeting.id, first), 'sign_in_required');
    stack.clock.advance(299_000);
    assert.equal(await zak(), first, 'within cacheSeconds the cache cannot know');
    stack.clock.advance(2_000);
    const second = await zak();
    assert.notEqual(second, first);
    assert.equal(stack.sim.checkStartZak(meeting.id, second), 'host');
  } finally {
    await stack.close();
  }
});

test('zak.cacheSeconds 0: every request mints a fresh ZAK', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure: (c) => (c.zak.cacheSeconds = 0) });
  try {
    stack.sim.addUser({ email: BOT_USER });
    await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
    stack.clock.advance(1);
    await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
    assert.equal(stack.sim.seen.zakMints(BOT_USER), 2);
  } finally {
    await stack.close();
  }
});
