import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { BOT_USER, CANARY } from '../helpers/start-stack.js';
import { useStack } from '../helpers/use-stack.js';

let meetingId: number;
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  stack.sim.addUser({ email: BOT_USER });
  const other = stack.sim.addUser({ email: 'external-host@example.com' });
  meetingId = stack.sim.addMeeting({ hostId: other.id }).id;
});

test('an OBF token of the bot user for the meeting, as raw text, minted anew every time', async () => {
  const first = await request(stack.url).get(`/obf?meeting_id=${meetingId}&token=${CANARY.botToken}`).expect(200);
  const second = await request(stack.url).get(`/obf?meeting_id=${meetingId}`).set('authorization', `Bearer ${CANARY.botToken}`).expect(200);
  assert.match(first.headers['content-type'] as string, /^text\/plain/);
  assert.equal(first.headers['cache-control'], 'no-store');
  assert.notEqual(first.text, second.text, 'single use: never cached');
  assert.equal(stack.sim.seen.obfMints, 2);
  const claims = JSON.parse(Buffer.from(first.text.split('.')[1] ?? '', 'base64url').toString()) as { mid?: unknown };
  assert.equal(String(claims.mid), String(meetingId));
  assert.ok(stack.sim.seen.requests.some((r) => r.rawPath.includes('type=onbehalf') && r.rawPath.includes(`meeting_id=${meetingId}`)));
});

test('no meeting_id, or one that is not a number: 400', async () => {
  for (const q of ['', '&meeting_id=', '&meeting_id=abc', '&meeting_id=1%26type%3Dzak']) {
    const res = await request(stack.url).get(`/obf?token=${CANARY.botToken}${q}`).expect(400);
    assert.equal((res.body as { error: { code: string } }).error.code, 'bad_request');
  }
});

test('an unknown meeting: 404 meeting_not_found', async () => {
  const res = await request(stack.url).get(`/obf?meeting_id=99999999999&token=${CANARY.botToken}`).expect(404);
  assert.equal((res.body as { error: { code: string } }).error.code, 'meeting_not_found');
});

test('without a bot token: 401', async () => {
  await request(stack.url).get(`/obf?meeting_id=${meetingId}`).expect(401);
});
