import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { CANARY } from '../helpers/start-stack.js';
import { useStack } from '../helpers/use-stack.js';

let meetingId: number;
let query: string;
const stack = useStack({ simulator: { seed: 'empty' } }, async () => {
  meetingId = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'forms@example.com' }).id }).id;
  const res = await request(stack.url).get(`/start/${meetingId}`).set('authorization', `Bearer ${CANARY.clientKey}`).set('accept', 'application/json').expect(200);
  query = new URL((res.body as { start_url: string }).start_url).search;
});

const zoomCalls = (): number => stack.sim.seen.requests.filter((r) => r.kind !== 'oauth').length;

/** The forms of one signed link that every HTTP client may send: all start the meeting. */
test('a signed link is followed with a trailing slash, percent-encoded digits and any letter case of /start', async () => {
  const encoded = [...String(meetingId)].map((d) => `%3${d}`).join('');
  for (const path of [`/start/${meetingId}/`, `/start/${encoded}`, `/START/${meetingId}`, `/Start/${meetingId}`]) {
    const res = await request(stack.url).get(`${path}${query}`).expect(302);
    assert.equal(new URL(res.headers.location as string).pathname, `/s/${meetingId}`, path);
  }
});

test('HEAD gives the redirect without a body, and the JSON form its headers without a body', async () => {
  const res = await request(stack.url).head(`/start/${meetingId}${query}`).expect(302);
  assert.ok(res.headers.location);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
  const json = await request(stack.url).head(`/start/${meetingId}`).set('authorization', `Bearer ${CANARY.clientKey}`).set('accept', 'application/json').expect(200);
  assert.match(json.headers['content-type'] as string, /^application\/json/);
  assert.equal(json.headers['cache-control'], 'no-store');
  assert.equal(json.text, undefined);
});

test("the JSON form says it is JSON and is never cached", async () => {
  const res = await request(stack.url).get(`/start/${meetingId}`).set('authorization', `Bearer ${CANARY.clientKey}`).set('accept', 'application/json').expect(200);
  assert.match(res.headers['content-type'] as string, /^application\/json; charset=utf-8$/);
  assert.equal(res.headers['cache-control'], 'no-store');
});

test('OPTIONS says what is allowed; other methods and other shapes are refused before Zoom is asked', async () => {
  const before = zoomCalls();
  const options = await request(stack.url).options(`/start/${meetingId}`).expect(204);
  assert.equal(options.headers.allow, 'GET, HEAD, OPTIONS');
  for (const method of ['post', 'put', 'delete'] as const) {
    const res = await request(stack.url)[method](`/start/${meetingId}${query}`).expect(404);
    assert.equal((res.body as { error: { code: string } }).error.code, 'not_found');
  }
  await request(stack.url).get(`/start/${meetingId}/extra${query}`).expect(404);
  for (const id of ['', '%zz', '%2F1', '12a', '1'.repeat(20)]) await request(stack.url).get(`/start/${id}${query}`).expect(400);
  assert.equal(zoomCalls(), before, 'nothing reached Zoom');
});
