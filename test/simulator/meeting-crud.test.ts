import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
const alice = DEMO.users.alice;

test('POST creates a meeting (201) with a start_url; PATCH updates it (204); DELETE removes it (204)', async () => {
  const created = await h.api(`/users/${alice.email}/meetings`, 'POST', {
    topic: 'Made by a test', type: 2, start_time: '2026-03-05T15:00:00Z', duration: 30,
    settings: { alternative_hosts: DEMO.users.carol.email },
  });
  assert.equal(created.status, 201);
  const body = created.json<{ id: number; topic: string; start_url: string; start_time: string; settings: { alternative_hosts: string } }>();
  assert.equal(body.topic, 'Made by a test');
  assert.equal(body.start_time, '2026-03-05T15:00:00Z');
  assert.equal(body.settings.alternative_hosts, DEMO.users.carol.email);
  assert.match(body.start_url, /\/s\/\d+\?zak=/);
  assert.equal(h.sim.meeting(body.id)?.hostId, alice.id);

  const patched = await h.api(`/meetings/${body.id}`, 'PATCH', { topic: 'Renamed' });
  assert.equal(patched.status, 204);
  assert.equal(patched.text, '');
  assert.ok(patched.headers['x-zm-trackingid']);
  assert.equal(h.sim.meeting(body.id)?.topic, 'Renamed');

  assert.equal((await h.api(`/meetings/${body.id}`, 'DELETE')).status, 204);
  assert.equal((await h.api(`/meetings/${body.id}`)).json().code, 3001);
});

test('a bad field is a 400 code 300 and changes nothing', async () => {
  const id = DEMO.meetings.aliceRecurring;
  const topic = h.sim.meeting(id)!.topic;
  const res = await h.api(`/meetings/${id}`, 'PATCH', { topic: 'x', type: 42 });
  assert.deepEqual([res.status, res.json().code], [400, 300]);
  assert.equal(h.sim.meeting(id)!.topic, topic);
  const notJson = await h.send('POST', `${h.sim.apiUrl}/users/${alice.id}/meetings`, {
    headers: { authorization: `Bearer ${await h.accessToken()}`, 'content-type': 'application/json' }, body: '{',
  });
  assert.equal(notJson.status, 400);
});

test('PATCH and DELETE of an unknown meeting are 404 code 3001', async () => {
  assert.equal((await h.api('/meetings/1', 'PATCH', { topic: 'x' })).json().code, 3001);
  assert.equal((await h.api('/meetings/1', 'DELETE')).json().code, 3001);
});

test('creates and updates are capped at 100 per user per day (429 Daily-limit)', async () => {
  const user = h.sim.addUser({ email: 'prolific@example.com' });
  for (let i = 0; i < 100; i++) assert.equal((await h.api(`/users/${user.id}/meetings`, 'POST', { topic: `n${i}` })).status, 201);
  const over = await h.api(`/users/${user.id}/meetings`, 'POST', { topic: 'one too many' });
  assert.equal(over.status, 429);
  assert.equal(over.headers['x-ratelimit-type'], 'Daily-limit');
  assert.equal(over.headers['retry-after'], new Date(Date.UTC(2026, 2, 3)).toUTCString());
  h.now.ms += 86_400_000;
  assert.equal((await h.api(`/users/${user.id}/meetings`, 'POST', { topic: 'next day' })).status, 201);
});
