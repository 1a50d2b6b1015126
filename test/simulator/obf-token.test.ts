import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { harness, jwtClaims } from '../helpers/simulator-harness.js';

const h = await harness();
const bot = DEMO.users.bot;

test('type=onbehalf with a meeting_id gives an OBF JWT bound to the meeting', async () => {
  const before = h.sim.seen.obfMints;
  const res = await h.api(`/users/${bot.id}/token?type=onbehalf&meeting_id=${DEMO.meetings.aliceScheduled}`);
  assert.equal(res.status, 200);
  const claims = jwtClaims(res.json<{ token: string }>().token);
  assert.equal(claims.uid, bot.id);
  assert.equal(claims.mid, String(DEMO.meetings.aliceScheduled));
  assert.equal(claims.type, 'onbehalf');
  assert.equal(h.sim.seen.obfMints, before + 1);
  assert.equal(h.sim.seen.zakMints(), 0, 'an OBF mint is not a ZAK mint');
});

test('without meeting_id it is a 400 code 300', async () => {
  const res = await h.api(`/users/${bot.id}/token?type=onbehalf`);
  assert.equal(res.status, 400);
  assert.equal(res.json().code, 300);
});

test('an unknown meeting gets 404 code 3001', async () => {
  const res = await h.api(`/users/${bot.id}/token?type=onbehalf&meeting_id=999`);
  assert.equal(res.status, 404);
  assert.equal(res.json().code, 3001);
});

test('an OBF token cannot start a meeting', async () => {
  const res = await h.api(`/users/${DEMO.users.alice.id}/token?type=onbehalf&meeting_id=${DEMO.meetings.aliceScheduled}`);
  assert.equal(h.sim.checkStartZak(DEMO.meetings.aliceScheduled, res.json<{ token: string }>().token), 'sign_in_required');
});
