import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, DEMO_CREDENTIALS } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();

test('the demo seed holds every id DEMO names', () => {
  for (const u of Object.values(DEMO.users)) assert.equal(h.sim.user(u.email)?.id, u.id);
  for (const id of Object.values(DEMO.meetings)) assert.ok(h.sim.meeting(id), String(id));
  assert.equal(h.sim.meeting(DEMO.meetings.bobPmi)?.type, 4);
  assert.equal(h.sim.meeting(DEMO.meetings.bobPmi)?.startUrlZak, 'invalidated');
  assert.equal(h.sim.user(DEMO.users.bob.id)?.pmi, DEMO.meetings.bobPmi);
  assert.deepEqual(h.sim.meeting(DEMO.meetings.aliceScheduled)?.alternativeHosts, [DEMO.users.carol.email]);
  for (const rec of Object.values(DEMO.recordings)) {
    for (const id of Object.values(rec.files)) assert.match(h.sim.fileSha256(id, { start: 0, end: 0 }), /^[0-9a-f]{64}$/);
  }
  assert.deepEqual(h.sim.credentials, DEMO_CREDENTIALS);
  assert.equal(h.sim.user('me')?.id, DEMO.users.alice.id);
});

test('the URLs are loopback on three hosts, one port each', () => {
  assert.match(h.sim.webUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(h.sim.apiUrl, `${h.sim.webUrl}/v2`);
  assert.equal(h.sim.oauthUrl, `${h.sim.webUrl}/oauth/token`);
  assert.match(h.sim.cdnUrl, /^http:\/\/127\.0\.0\.2:\d+$/);
  assert.match(h.sim.foreignUrl, /^http:\/\/127\.0\.0\.3:\d+$/);
});

test('an empty seed has nobody', async (t) => {
  const empty = await harness({ seed: 'empty' }, (fn) => t.after(fn));
  assert.equal(empty.sim.user('me'), undefined);
  assert.equal(empty.sim.meeting(DEMO.meetings.aliceScheduled), undefined);
});
