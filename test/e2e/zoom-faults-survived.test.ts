import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import request from 'supertest';
import { BOT_USER, CANARY, startStack, type Stack } from '../helpers/start-stack.js';

/**
 * Zoom on a bad day, seen from start links and bot tokens: each fault gets the contract's answer
 * within a bounded time, nothing crashes or rejects unhandled, and service is normal once Zoom recovers.
 */
let stack: Stack;
let meetingId: number;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  stack = await startStack({ simulator: { seed: 'empty' }, configure: (c) => (c.zoom.timeoutSeconds = 0.5) });
  stack.sim.addUser({ email: BOT_USER });
  meetingId = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'h@example.com' }).id }).id;
});
afterEach(async () => {
  stack.sim.faults.clear();
  stack.clock.advance(3600_000); // nothing cached carries over: every test reaches Zoom
  // Normal service once Zoom recovers.
  await request(stack.url).get(`/start/${meetingId}`).set('authorization', `Bearer ${CANARY.clientKey}`).expect(302);
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  stack.clock.advance(3600_000);
});
after(async () => {
  await stack.close();
  process.off('unhandledRejection', onUnhandled);
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
});

const start = () => request(stack.url).get(`/start/${meetingId}`).set('authorization', `Bearer ${CANARY.clientKey}`);
const zak = () => request(stack.url).get(`/zak?token=${CANARY.botToken}`);
const code = (res: request.Response) => (res.body as { error: { code: string } }).error.code;

async function timed<T>(fn: () => Promise<T>, boundMs: number): Promise<T> {
  const t0 = Date.now();
  const out = await fn();
  assert.ok(Date.now() - t0 < boundMs, `answered within ${boundMs} ms`);
  return out;
}

test('Zoom answering headers then stalling in the body: 504 within the deadline', async () => {
  stack.sim.faults.delay({ match: { kind: 'api' }, bodyMs: 3_000 });
  assert.equal(code(await timed(() => start().expect(504), 2_000)), 'zoom_timeout');
});

test('Zoom resetting mid-answer: 502 zoom_unreachable', async () => {
  stack.sim.faults.reset({ match: { kind: 'api' }, afterBytes: 10 });
  assert.equal(code(await timed(() => start().expect(502), 2_000)), 'zoom_unreachable');
});

test('Zoom answering 503 to the ZAK mint: 502 for the bot, never an empty 200', async () => {
  stack.sim.faults.fail({ match: { path: /\/token$/ }, status: 503 });
  assert.equal(code(await zak().expect(502)), 'zoom_error');
});

test('the OAuth endpoint down: 502 for both routes, no hang', async () => {
  stack.sim.faults.reset({ match: { kind: 'oauth' } });
  await timed(() => start().expect(502), 2_000);
  await timed(() => zak().expect(502), 2_000);
});

test('the OAuth endpoint slow: 504', async () => {
  stack.sim.faults.delay({ match: { kind: 'oauth' }, headersMs: 3_000 });
  await timed(() => zak().expect(504), 2_000);
});

test('a daily rate limit: 429 with Zoom\'s Retry-After (an HTTP date)', async () => {
  stack.sim.faults.rateLimit({ match: { path: /\/token$/ }, type: 'Daily-limit' });
  const res = await zak().expect(429);
  assert.equal(code(res), 'zoom_rate_limited');
  assert.ok(!Number.isNaN(Date.parse(String(res.headers['retry-after']))), String(res.headers['retry-after']));
});

test('every token invalidated at once, under concurrent load: all answered, one re-mint', async () => {
  await start().expect(302);
  const mints = stack.sim.seen.oauthMints;
  stack.sim.faults.invalidateAccessTokens();
  stack.clock.advance(31_000);
  const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? start() : zak()).then((r) => r.status)));
  assert.ok(statuses.every((s) => s === 302 || s === 200), String(statuses));
  assert.equal(stack.sim.seen.oauthMints, mints + 1);
});
