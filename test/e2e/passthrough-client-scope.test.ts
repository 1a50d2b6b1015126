import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { viaProxy } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/** `alice-app` may act for alice@example.com only (by email in its configuration). */
const agent = useAgent();
const stack = useStack();

const { alice, bob } = DEMO.users;
const asAlice = (method: string, path: string, options: { body?: string } = {}) =>
  viaProxy(stack, agent, method, path, { key: CANARY.scopedKey, headers: { 'content-type': 'application/json' }, ...options });
const apiPaths = () => stack.sim.seen.requests.filter((r) => r.kind === 'api').map((r) => `${r.method} ${r.rawPath}`);

test("a user path: the client's own user by email (any case) or by id; another user is 403 forbidden", async () => {
  // `me` is resolved like any other user: in the simulated account it is alice.
  for (const u of [encodeURIComponent(alice.email), 'ALICE%40EXAMPLE.COM', alice.id, 'me']) {
    const res = await asAlice('GET', `/users/${u}/meetings`);
    assert.equal(res.status, 200, u);
  }
  for (const u of [bob.id, encodeURIComponent(bob.email), 'nobody%40example.com']) {
    stack.sim.seen.reset();
    const res = await asAlice('GET', `/users/${u}/meetings`);
    assert.equal(res.status, 403, u);
    assert.deepEqual(res.json(), { error: { code: 'forbidden', message: 'Your key is not allowed to act for this Zoom user or meeting.' } });
    assert.ok(!apiPaths().some((p) => p.endsWith('/meetings')), `nothing of ${u}'s was asked for: ${apiPaths().join(', ')}`);
  }
});

test("a meeting, its recordings (by id or UUID), a webinar: by the host; another host's is 403 and its body never shown", async () => {
  assert.equal((await asAlice('GET', `/meetings/${DEMO.meetings.aliceScheduled}`)).status, 200);
  assert.equal((await asAlice('GET', `/meetings/${DEMO.meetings.aliceScheduled}/recordings`)).status, 200);
  assert.equal((await asAlice('GET', `/meetings/${encodeURIComponent(encodeURIComponent(DEMO.recordings.aliceRecurring.uuid))}/recordings`)).status, 200);
  assert.equal((await asAlice('GET', `/webinars/${DEMO.webinars.aliceWebinar}`)).status, 200);
  assert.equal((await asAlice('PATCH', `/meetings/${DEMO.meetings.aliceRecurring}`, { body: '{"agenda":"mine"}' })).status, 204);

  const bobs = await asAlice('GET', `/meetings/${DEMO.meetings.bobPmi}`);
  assert.equal(bobs.status, 403);
  assert.ok(!bobs.text.includes(bob.id) && !bobs.text.includes('start'), 'nothing of the meeting leaks');
});

test('a DELETE (or any change) out of scope never reaches Zoom', async () => {
  const meeting = stack.sim.addMeeting({ hostId: bob.id });
  stack.sim.seen.reset();
  for (const [method, path] of [['DELETE', `/meetings/${meeting.id}`], ['PATCH', `/meetings/${meeting.id}`], ['DELETE', `/meetings/${meeting.id}/recordings`], ['POST', `/users/${bob.id}/meetings`]] as const) {
    const res = await asAlice(method, path, { body: '{"topic":"hijacked"}' });
    assert.equal(res.status, 403, `${method} ${path}`);
  }
  assert.ok(stack.sim.meeting(meeting.id), 'still there');
  assert.deepEqual(apiPaths().filter((p) => !p.startsWith('GET ')), [], 'only look-ups reached Zoom');
  const own = stack.sim.addMeeting({ hostId: alice.id });
  assert.equal((await asAlice('DELETE', `/meetings/${own.id}`)).status, 204);
  assert.equal(stack.sim.meeting(own.id), undefined);
});

test('anything else is 403 for a restricted client, and passes for an all-users client', async () => {
  stack.sim.seen.reset();
  for (const path of ['/users', '/users/', '/accounts/me/settings', '/report/daily', `/meetings//recordings`, '']) {
    const res = await asAlice('GET', path);
    assert.equal(res.status, 403, path);
  }
  // Climbing to another user is refused earlier still, for every client (passthrough-dot-segments-refused).
  for (const path of [`/users/${alice.id}/../${bob.id}`, `/users/${alice.id}%2F..%2F${bob.id}`]) assert.equal((await asAlice('GET', path)).status, 400, path);
  assert.deepEqual(apiPaths(), [], 'none of it reached Zoom');
  assert.equal((await viaProxy(stack, agent, 'GET', '/users')).status, 200, 'the all-users client may');
});

test("a body that schedules for a user outside the client's list (schedule_for) is refused before Zoom; its own user passes", async () => {
  const posts = () => apiPaths().filter((p) => p.startsWith('POST ') || p.startsWith('PATCH '));
  const refused = [
    [JSON.stringify({ topic: 'x', schedule_for: bob.email }), 403],
    [JSON.stringify({ schedule_for: bob.id }), 403],
    // Duplicates: whichever one Zoom keeps, both are checked.
    [`{"schedule_for":"${alice.email}","schedule_for":"${bob.email}"}`, 403],
    [`{"schedule_for":"${bob.email}","schedule_for":"${alice.email}"}`, 403],
    ['{"schedule\\u005ffor":"bob@example.com"}', 403],
    ['{"schedule_for":123}', 403],
    ['{"schedule_for":"../users/x"}', 403],
    // A byte order mark, which a lenient parser skips: the proxy skips it too and reads what follows.
    [`\ufeff{"schedule_for":"${bob.email}"}`, 403],
  ] as const;
  for (const [body, status] of refused) {
    stack.sim.seen.reset();
    const res = await asAlice('POST', `/users/${alice.id}/meetings`, { body });
    assert.equal(res.status, status, body);
    assert.deepEqual(posts(), [], `${body}: nothing was created`);
  }
  stack.sim.seen.reset();
  assert.equal((await asAlice('PATCH', `/meetings/${DEMO.meetings.aliceRecurring}`, { body: JSON.stringify({ schedule_for: bob.email }) })).status, 403);
  assert.deepEqual(posts(), []);

  for (const schedule_for of [alice.email.toUpperCase(), alice.id, '']) {
    const res = await asAlice('POST', `/users/${alice.id}/meetings`, { body: JSON.stringify({ topic: 'mine', schedule_for }) });
    assert.equal(res.status, 201, schedule_for);
    assert.equal(res.json<{ host_id: string }>().host_id, alice.id);
  }
  // A multipart label is trusted only on a picture upload: elsewhere the body is read as JSON (this one is not).
  stack.sim.seen.reset();
  const labelled = await viaProxy(stack, agent, 'POST', `/users/${alice.id}/meetings`, { key: CANARY.scopedKey, headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' });
  assert.equal(labelled.status, 400);
  assert.equal(posts().length, 0);
  // What the check stops: Zoom schedules for whoever the body names (the all-users client may).
  const forBob = await viaProxy(stack, agent, 'POST', `/users/${alice.id}/meetings`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ schedule_for: bob.email }) });
  assert.equal(forBob.status, 201);
  assert.equal(forBob.json<{ host_id: string }>().host_id, bob.id);
});
