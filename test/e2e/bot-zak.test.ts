import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import request from 'supertest';
import { jwtExpiryMs } from '../../src/zoom/jwt-expiry.js';
import { BOT_USER, CANARY } from '../helpers/start-stack.js';
import { useStack } from '../helpers/use-stack.js';

const stack = useStack({
  simulator: { seed: 'empty' },
  configure: (c) => {
    c.zoom.timeoutSeconds = 0.5;
    c.bots.push({ name: 'ghost', token: 'CANARY-bot-token-ghost-user-91', user: 'nobody@example.com' });
  },
}, () => {
  stack.sim.addUser({ email: BOT_USER });
});
afterEach(() => stack.sim.faults.clear());

function assertZakBody(res: request.Response): string {
  assert.match(res.headers['content-type'] as string, /^text\/plain/);
  assert.equal(res.headers['cache-control'], 'no-store');
  const zak = res.text;
  assert.ok(zak.length > 20 && !/\s/.test(zak), 'the body is the raw token: no newline, no spaces');
  const exp = jwtExpiryMs(zak);
  assert.ok(exp !== undefined && exp - stack.clock.now() >= 120_000, 'at least 120 s of validity left');
  return zak;
}

test('Recall.ai style: the bot token in ?token=, extra parameters ignored, raw ZAK in the body', async () => {
  const res = await request(stack.url).get(`/zak?token=${CANARY.botToken}&bot_id=abc&extra=1`).expect(200);
  const zak = assertZakBody(res);
  const bot = stack.sim.user(BOT_USER);
  assert.equal((JSON.parse(Buffer.from(zak.split('.')[1] ?? '', 'base64url').toString()) as { uid?: string }).uid, bot?.id);
});

test('Meeting BaaS style: Bearer header plus bot_uuid and extra appended', async () => {
  assertZakBody(await request(stack.url).get('/zak?bot_uuid=b-1&extra=%7B%7D').set('authorization', `Bearer ${CANARY.botToken}`).expect(200));
});

test('the ZAK asked of Zoom is type=zak, never the legacy default', async () => {
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  assert.equal(stack.sim.seen.legacyTokenMints, 0);
  assert.ok(stack.sim.seen.requests.some((r) => r.rawPath.includes('/token?type=zak')));
});

test('a missing or wrong bot token: 401, and Zoom is never asked', async () => {
  const before = stack.sim.seen.requests.length;
  for (const path of ['/zak', '/zak?token=', `/zak?token=${CANARY.botToken}x`, `/zak?token=${CANARY.clientKey}`]) {
    const res = await request(stack.url).get(path).expect(401);
    assert.equal((res.body as { error: { code: string } }).error.code, 'bot_unauthorized', path);
  }
  assert.equal(stack.sim.seen.requests.length, before);
});

test('an unknown bot user: 404 user_not_found, never a 200 without a token', async () => {
  const res = await request(stack.url).get('/zak?token=CANARY-bot-token-ghost-user-91').expect(404);
  assert.equal((res.body as { error: { code: string } }).error.code, 'user_not_found');
});

test('Zoom failing or slow: 502 / 504, never a 200', async () => {
  stack.clock.advance(3600_000); // past the cached ZAK
  stack.sim.faults.fail({ match: { path: /\/token$/ }, status: 503 });
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(502);
  stack.sim.faults.clear();
  stack.sim.faults.delay({ match: { path: /\/token$/ }, headersMs: 2_000 });
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(504);
});

test('Zoom answering 200 without a token is a 502, never an empty 200', async () => {
  stack.clock.advance(3600_000);
  stack.sim.faults.fail({ match: { path: /\/token$/ }, status: 200 });
  const res = await request(stack.url).get(`/zak?token=${CANARY.botToken}`);
  assert.equal(res.status, 502);
});
