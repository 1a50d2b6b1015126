import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { BOT_USER, CANARY, startStack, type Stack } from '../helpers/start-stack.js';

/**
 * Found in review: Express's res.send() turned a token answer into an empty 304 for a request that
 * looked fresh (`If-None-Match: *`, from a bot's HTTP stack or a cache on the way), after the token
 * was had: a single-use OBF token minted at Zoom for nothing.
 */

let stack: Stack;
let meetingId: number;
before(async () => {
  stack = await startStack({ simulator: { seed: 'empty' } });
  stack.sim.addUser({ email: BOT_USER });
  meetingId = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'cond-host@example.com' }).id }).id;
});
after(() => stack.close());

// The contract: "200 text/plain whose body is exactly a fresh ZAK ... never a 200 without a token";
// a conditional header from a bot's HTTP stack or a caching intermediary must not turn the answer
// into an empty 304 (the answer is no-store: there is nothing cached to revalidate).
test('GET /zak with If-None-Match: * still answers 200 with the ZAK', async () => {
  const res = await request(stack.url).get(`/zak?token=${CANARY.botToken}`).set('if-none-match', '*');
  assert.equal(res.status, 200, `got ${res.status} with body ${JSON.stringify(res.text)}`);
  assert.ok(res.text.length > 20);
});

test('GET /obf with If-None-Match: * answers 200 with the single-use token it minted', async () => {
  const res = await request(stack.url).get(`/obf?meeting_id=${meetingId}&token=${CANARY.botToken}`).set('if-none-match', '*');
  assert.equal(stack.sim.seen.obfMints, 1, 'an OBF token was minted at Zoom');
  assert.equal(res.status, 200, `got ${res.status} with body ${JSON.stringify(res.text)}: the minted OBF token was thrown away`);
  assert.ok(res.text.length > 20);
});
