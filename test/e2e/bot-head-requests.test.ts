import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { BOT_USER, CANARY } from '../helpers/start-stack.js';
import { useStack } from '../helpers/use-stack.js';

let meetingId: number;
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  stack.sim.addUser({ email: BOT_USER });
  meetingId = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'head-host@example.com' }).id }).id;
});

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

// Found in review: Express's res.send() turned a token answer into an empty 304 for a request that
// looked fresh (`If-None-Match: *`, from a bot's HTTP stack or a cache on the way) after the token
// was had; an OBF token minted at Zoom was lost. The answer is no-store: nothing to revalidate.
test('GET /zak with If-None-Match: * still answers 200 with the ZAK', async () => {
  const res = await request(stack.url).get(`/zak?token=${CANARY.botToken}`).set('if-none-match', '*');
  assert.equal(res.status, 200, `got ${res.status} with body ${JSON.stringify(res.text)}`);
  assert.ok(res.text.length > 20);
});

test('GET /obf with If-None-Match: * answers 200 with the single-use token it minted', async () => {
  const minted = stack.sim.seen.obfMints;
  const res = await request(stack.url).get(`/obf?meeting_id=${meetingId}&token=${CANARY.botToken}`).set('if-none-match', '*');
  assert.equal(stack.sim.seen.obfMints, minted + 1, 'an OBF token was minted at Zoom');
  assert.equal(res.status, 200, `got ${res.status} with body ${JSON.stringify(res.text)}: the minted OBF token was thrown away`);
  assert.ok(res.text.length > 20);
});
