import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { T0, harness, jwtClaims } from '../helpers/simulator-harness.js';

const h = await harness();
const alice = DEMO.users.alice;

async function startUrlOf(id: number): Promise<string | undefined> {
  const res = await h.api(`/meetings/${id}`);
  assert.equal(res.status, 200);
  return res.json<{ start_url?: string }>().start_url;
}

/** Follow a start_url as a browser would: the verdict header of the start page. */
async function follow(startUrl: string): Promise<string | string[] | undefined> {
  const res = await h.get(startUrl);
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  return res.headers['x-sim-start'];
}

test('GET a meeting: the documented fields', async () => {
  const res = await h.api(`/meetings/${DEMO.meetings.aliceScheduled}`);
  const m = res.json();
  assert.equal(m.id, DEMO.meetings.aliceScheduled);
  assert.equal(m.uuid, DEMO.recordings.aliceScheduled.uuid);
  assert.equal(m.host_id, alice.id);
  assert.equal(m.host_email, alice.email);
  assert.equal(m.type, 2);
  assert.equal(typeof m.topic, 'string');
  assert.equal(typeof m.password, 'string');
  assert.match(String(m.join_url), new RegExp(`^${h.sim.webUrl}/j/${DEMO.meetings.aliceScheduled}\\?pwd=`));
  assert.equal((m.settings as Record<string, unknown>).alternative_hosts, DEMO.users.carol.email);
});

test('fresh: a new host ZAK of 2 h on every GET, not counted as a zak mint, and it starts the meeting', async () => {
  const first = await startUrlOf(DEMO.meetings.aliceScheduled);
  const second = await startUrlOf(DEMO.meetings.aliceScheduled);
  assert.ok(first && second);
  assert.match(first, new RegExp(`^${h.sim.webUrl}/s/${DEMO.meetings.aliceScheduled}\\?zak=`));
  const zak = new URL(first).searchParams.get('zak')!;
  assert.notEqual(zak, new URL(second).searchParams.get('zak'));
  const claims = jwtClaims(zak);
  assert.equal(claims.uid, alice.id);
  assert.equal(claims.exp, T0 / 1000 + 7200);
  assert.equal(h.sim.seen.zakMints(), 0);
  assert.equal(await follow(first), 'host');
});

test('expired: the embedded ZAK is past its exp and the start page asks to sign in', async () => {
  const m = h.sim.addMeeting({ hostId: alice.id, startUrlZak: 'expired' });
  const url = (await startUrlOf(m.id))!;
  assert.ok(Number(jwtClaims(new URL(url).searchParams.get('zak')!).exp) * 1000 < T0);
  assert.equal(await follow(url), 'sign_in_required');
});

test('invalidated: the PMI link of Sept 2021, unexpired yet refused', async () => {
  const url = (await startUrlOf(DEMO.meetings.bobPmi))!;
  const zak = new URL(url).searchParams.get('zak')!;
  assert.ok(Number(jwtClaims(zak).exp) * 1000 > T0, 'unexpired');
  assert.equal(await follow(url), 'sign_in_required');
  // The field-proven fix: same host and path, a fresh ZAK of the host.
  const fresh = (await h.api(`/users/${DEMO.users.bob.id}/token?type=zak`)).json<{ token: string }>().token;
  const fixed = new URL(url);
  fixed.searchParams.set('zak', fresh);
  assert.equal(await follow(fixed.toString()), 'host');
});

test('none: no start_url at all', async () => {
  const m = h.sim.addMeeting({ hostId: alice.id, startUrlZak: 'none' });
  assert.equal(await startUrlOf(m.id), undefined);
});

test('a test may switch a meeting\'s start_url state on the live record', async () => {
  const m = h.sim.addMeeting({ hostId: alice.id });
  h.sim.meeting(m.id)!.startUrlZak = 'expired';
  assert.equal(await follow((await startUrlOf(m.id))!), 'sign_in_required');
});

test('an unknown meeting is 404 code 3001', async () => {
  const res = await h.api('/meetings/12345678901');
  assert.equal(res.status, 404);
  assert.equal(res.json().code, 3001);
});
