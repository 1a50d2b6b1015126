import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
const meetingId = DEMO.meetings.aliceScheduled;

async function zakOf(user: string): Promise<string> {
  return (await h.api(`/users/${user}/token?type=zak`)).json<{ token: string }>().token;
}

async function page(zak: string): Promise<string | string[] | undefined> {
  const res = await h.get(`${h.sim.webUrl}/s/${meetingId}?zak=${encodeURIComponent(zak)}`);
  assert.equal(res.status, 200);
  return res.headers['x-sim-start'];
}

test('the host\'s ZAK starts the meeting, in code and on the page', async () => {
  const zak = await zakOf(DEMO.users.alice.id);
  assert.equal(h.sim.checkStartZak(meetingId, zak), 'host');
  assert.equal(h.sim.checkStartZak(String(meetingId), zak), 'host');
  assert.equal(await page(zak), 'host');
  assert.match((await h.get(`${h.sim.webUrl}/s/${meetingId}?zak=${zak}`)).text, new RegExp(`Starting meeting ${meetingId} as its host`));
});

test('an alternative host\'s ZAK starts it too', async () => {
  const zak = await zakOf(DEMO.users.carol.email);
  assert.equal(h.sim.checkStartZak(meetingId, zak), 'host');
  assert.equal(await page(zak), 'host');
});

test('another signed-in user\'s ZAK does not', async () => {
  const zak = await zakOf(DEMO.users.bob.id);
  assert.equal(h.sim.checkStartZak(meetingId, zak), 'sign_in_required');
  assert.equal(await page(zak), 'sign_in_required');
});

test('no ZAK, garbage or a forged signature asks to sign in', async () => {
  const good = await zakOf(DEMO.users.alice.id);
  const [head, body] = good.split('.');
  for (const zak of ['', 'garbage', `${head}.${body}.AAAA`]) {
    assert.equal(h.sim.checkStartZak(meetingId, zak), 'sign_in_required');
    assert.equal(await page(zak), 'sign_in_required');
  }
});

test('revokeZaks ("sign me out of all devices") kills that user\'s earlier ZAKs only', async () => {
  const alices = await zakOf(DEMO.users.alice.id);
  const carols = await zakOf(DEMO.users.carol.id);
  h.sim.faults.revokeZaks(DEMO.users.alice.email);
  assert.equal(await page(alices), 'sign_in_required');
  assert.equal(await page(carols), 'host');
  assert.equal(await page(await zakOf(DEMO.users.alice.id)), 'host', 'a ZAK minted after works');
});

test('invalidateAllZaks (Sept 2021) kills every ZAK issued so far; faults.clear() does not undo it', async () => {
  const before = await zakOf(DEMO.users.alice.id);
  h.sim.faults.invalidateAllZaks();
  h.sim.faults.clear();
  assert.equal(await page(before), 'sign_in_required');
  assert.equal(await page(await zakOf(DEMO.users.alice.id)), 'host');
});

test('an unknown meeting: 404 page, and sign_in_required in code', async () => {
  const zak = await zakOf(DEMO.users.alice.id);
  const res = await h.get(`${h.sim.webUrl}/s/999?zak=${zak}`);
  assert.equal(res.status, 404);
  assert.equal(h.sim.checkStartZak(999, zak), 'sign_in_required');
});
