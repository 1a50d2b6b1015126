import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { BOT_USER, CANARY, startStack, type Stack } from '../helpers/start-stack.js';

let stack: Stack;
let meetingId: number;
before(async () => {
  stack = await startStack({ simulator: { seed: 'empty' } });
  stack.sim.addUser({ email: BOT_USER });
  meetingId = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'head-host@example.com' }).id }).id;
});
after(() => stack.close());

test('HEAD /zak answers the headers of a token answer, without a body', async () => {
  const res = await request(stack.url).head(`/zak?token=${CANARY.botToken}`).expect(200);
  assert.match(res.headers['content-type'] as string, /^text\/plain/);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.text, undefined);
});

test('HEAD /obf is 405 with Allow: GET, and mints no single-use token', async () => {
  const res = await request(stack.url).head(`/obf?meeting_id=${meetingId}&token=${CANARY.botToken}`).expect(405);
  assert.equal(res.headers.allow, 'GET');
  assert.equal(stack.sim.seen.obfMints, 0);
  await request(stack.url).get(`/obf?meeting_id=${meetingId}&token=${CANARY.botToken}`).expect(200);
  assert.equal(stack.sim.seen.obfMints, 1);
});
