import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { CANARY } from '../helpers/start-stack.js';
import { useStack } from '../helpers/use-stack.js';

let meetingId: number;
let otherMeetingId: number;
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  const alice = stack.sim.addUser({ email: 'alice@example.com' });
  const dave = stack.sim.addUser({ email: 'dave@example.com' });
  meetingId = stack.sim.addMeeting({ hostId: alice.id }).id;
  otherMeetingId = stack.sim.addMeeting({ hostId: dave.id }).id;
});

function errorCode(res: request.Response): string {
  return (res.body as { error: { code: string } }).error.code;
}

async function linkFor(id: number): Promise<URL> {
  const res = await request(stack.url).get(`/start/${id}`).set('authorization', `Bearer ${CANARY.clientKey}`).set('accept', 'application/json').expect(200);
  return new URL((res.body as { start_url: string }).start_url);
}

test('neither a signature nor a client key: 401 link_required', async () => {
  const res = await request(stack.url).get(`/start/${meetingId}`).expect(401);
  assert.equal(errorCode(res), 'link_required');
});

test('a wrong client key: 401 unauthorized, and Zoom is never asked', async () => {
  const before = stack.sim.seen.requests.length;
  const res = await request(stack.url).get(`/start/${meetingId}`).set('authorization', 'Bearer not-a-key-of-this-proxy').expect(401);
  assert.equal(errorCode(res), 'unauthorized');
  assert.equal(stack.sim.seen.requests.length, before);
});

test('a tampered signature, a link re-used for another meeting, a stretched expiry: 403 link_invalid', async () => {
  const link = await linkFor(meetingId);
  const sig = link.searchParams.get('sig') ?? '';
  const exp = link.searchParams.get('exp') ?? '';
  const tampered = (sig[5] === 'a' ? 'b' : 'a');
  for (const path of [
    `/start/${meetingId}?exp=${exp}&sig=${sig.slice(0, 5)}${tampered}${sig.slice(6)}`,
    `/start/${meetingId}?exp=${exp}&sig=${sig.slice(0, 20)}`,
    `/start/${otherMeetingId}?exp=${exp}&sig=${sig}`,
    `/start/${meetingId}?exp=${Number(exp) + 1}&sig=${sig}`,
    `/start/${meetingId}?sig=${sig}`,
    `/start/${meetingId}?exp=${exp}`,
  ]) {
    const res = await request(stack.url).get(path).expect(403);
    assert.equal(errorCode(res), 'link_invalid', path);
  }
});

test('an expired link: 403 link_expired (the clock moves, nobody sleeps)', async () => {
  const link = await linkFor(meetingId);
  stack.clock.advance((stack.config.links.startTtlSeconds + 1) * 1000);
  try {
    const res = await request(stack.url).get(`${link.pathname}${link.search}`).expect(403);
    assert.equal(errorCode(res), 'link_expired');
  } finally {
    stack.clock.advance(-(stack.config.links.startTtlSeconds + 1) * 1000);
  }
});

test('a client whose users do not include the host: 403 forbidden, even for the JSON form', async () => {
  for (const accept of ['application/json', '*/*']) {
    const res = await request(stack.url).get(`/start/${otherMeetingId}`).set('authorization', `Bearer ${CANARY.scopedKey}`).set('accept', accept).expect(403);
    assert.equal(errorCode(res), 'forbidden');
  }
  await request(stack.url).get(`/start/${meetingId}`).set('authorization', `Bearer ${CANARY.scopedKey}`).expect(302);
});

test('an unknown meeting: 404 meeting_not_found', async () => {
  const res = await request(stack.url).get('/start/99999999999').set('authorization', `Bearer ${CANARY.clientKey}`).expect(404);
  assert.equal(errorCode(res), 'meeting_not_found');
});

test('a meeting id that is not a number, or absurdly long: 400 before anything else', async () => {
  for (const id of ['abc', '123%2F..%2F456', '1'.repeat(40), '12 34']) {
    const res = await request(stack.url).get(`/start/${id}`).set('authorization', `Bearer ${CANARY.clientKey}`).expect(400);
    assert.equal(errorCode(res), 'bad_request', id);
  }
});

test('a browser gets a small readable page with the same sentence', async () => {
  const res = await request(stack.url).get(`/start/${meetingId}?exp=1&sig=x`).set('accept', 'text/html,application/xhtml+xml').expect(403);
  assert.match(res.headers['content-type'] as string, /text\/html/);
  assert.match(res.text, /This link is not valid/);
});
