import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { ALICE, BOT_USER, CANARY, stackForTest } from '../helpers/start-stack.js';
import { trickleUpload, type Trickle } from '../helpers/trickle-upload.js';

/**
 * One client key holding trickling `/v2` uploads (a byte now and then, under the idle watch) could
 * take every connection to Zoom: `/zak` and `/start` then waited two minutes in the same queue.
 * Now the client has at most passthrough.maxConcurrentPerClient requests under way (one more is
 * `429 too_many_requests` with Retry-After), the proxy's own calls have a pool of their own, and
 * another client's `/v2` calls still find a connection. Scaled down: a pool of 4, a limit of 3.
 */
const TIMEOUT_SECONDS = 1;
const WITHIN_MS = TIMEOUT_SECONDS * 1000 + 2_000;

test('a client at its limit of trickling uploads gets 429 for more; start links, bot tokens and other clients are served within the deadline', { timeout: 30_000 }, async (t) => {
  const stack = await stackForTest(t, {
    simulator: { seed: 'empty' },
    configure: (c) => {
      c.zoom.timeoutSeconds = TIMEOUT_SECONDS;
      c.passthrough.connections = 4;
      c.passthrough.maxConcurrentPerClient = 3;
      c.passthrough.uploadMinBytesPerSecond = 0; // the limit is what is tested here, not the upload's pace
    },
  });
  stack.sim.addUser({ email: BOT_USER });
  const alice = stack.sim.addUser({ email: ALICE });
  const meeting = stack.sim.addMeeting({ hostId: alice.id });

  const held: Trickle[] = [];
  t.after(() => held.forEach((h) => h.stop()));
  for (let i = 0; i < 3; i++) held.push(trickleUpload(stack.url, CANARY.clientKey, { everyMs: 200 }));
  await new Promise((resolve) => setTimeout(resolve, 300)); // their first bytes are on their way to Zoom

  // Over the limit: refused at once, told when to try again, nothing sent to Zoom.
  const extra = [trickleUpload(stack.url, CANARY.clientKey, { everyMs: 200 }), trickleUpload(stack.url, CANARY.clientKey, { everyMs: 200 })];
  held.push(...extra);
  for (const e of extra) {
    const answer = await e.answer;
    assert.equal(answer.status, 429);
    assert.equal(answer.headers['retry-after'], '1');
    assert.equal(answer.headers.connection, 'close');
    const error = (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'too_many_requests');
    assert.match(error.message, /passthrough\.maxConcurrentPerClient/);
  }
  // A request without a body is over the limit too.
  const get = await request(stack.url).get('/v2/users/me').set('authorization', `Bearer ${CANARY.clientKey}`);
  assert.equal(get.status, 429);

  // Meanwhile: bot tokens, start links and another client's API calls.
  const timed = async <T>(what: Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await what;
    assert.ok(Date.now() - started < WITHIN_MS, `answered after ${Date.now() - started} ms`);
    return result;
  };
  const zak = await timed(request(stack.url).get('/zak').set('authorization', `Bearer ${CANARY.botToken}`));
  assert.equal(zak.status, 200);
  const start = await timed(request(stack.url).get(`/start/${meeting.id}`).set('authorization', `Bearer ${CANARY.scopedKey}`));
  assert.equal(start.status, 302);
  const other = await timed(request(stack.url).get(`/v2/users/${ALICE}`).set('authorization', `Bearer ${CANARY.scopedKey}`));
  assert.equal(other.status, 200);

  // 429s are counted by route.
  const metrics = await request(stack.url).get('/metrics');
  assert.match(metrics.text, /zlp_http_requests_total\{route="passthrough",method="(?:POST|GET)",status="429"\} [1-9]/);

  // The uploads end: the client's slots are free again.
  for (const h of held) h.stop();
  let again = 0;
  for (let i = 0; i < 50 && again !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    again = (await request(stack.url).get('/v2/users/me').set('authorization', `Bearer ${CANARY.clientKey}`)).status;
  }
  assert.equal(again, 200);
});
