import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { ALICE, CANARY } from '../helpers/start-stack.js';
import { useStack } from '../helpers/use-stack.js';

const stack = useStack({ simulator: { seed: 'empty' } });

/** Mint a signed start link the way an app does (client key, Accept: application/json). */
async function signedLink(meetingId: number): Promise<string> {
  const res = await request(stack.url).get(`/start/${meetingId}`).set('authorization', `Bearer ${CANARY.clientKey}`).set('accept', 'application/json').expect(200);
  const link = (res.body as { start_url: string }).start_url;
  assert.ok(link.startsWith(`${stack.proxy.publicUrl}/start/${meetingId}?`), link);
  return link;
}

/** Follow a signed link as a browser and check what Zoom's start page would make of the redirect. */
async function follow(link: string, meetingId: number): Promise<URL> {
  const res = await request(stack.url).get(link.slice(stack.proxy.publicUrl.length)).set('accept', 'text/html').expect(302);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
  const location = new URL(res.headers.location as string);
  const zak = location.searchParams.get('zak') ?? '';
  assert.equal(stack.sim.checkStartZak(meetingId, zak), 'host', 'the redirect starts the meeting as its host');
  return location;
}

for (const [label, type, startUrlZak] of [
  ['a scheduled meeting with a fresh stored ZAK', 2, 'fresh'],
  ['a recurring meeting whose stored ZAK expired', 8, 'expired'],
  ['a personal meeting ID whose stored ZAK Zoom invalidated (Sept 2021)', 4, 'invalidated'],
] as const) {
  test(`starts ${label} as its host`, async () => {
    const host = stack.sim.addUser({ email: `host-${type}@example.com` });
    const meeting = stack.sim.addMeeting({ hostId: host.id, type, startUrlZak });
    const location = await follow(await signedLink(meeting.id), meeting.id);
    assert.equal(location.origin, stack.sim.webUrl);
    assert.equal(location.pathname, `/s/${meeting.id}`);
  });
}

test('a meeting without a start_url gets {webUrl}/s/{id} with a fresh ZAK', async () => {
  const host = stack.sim.addUser({ email: 'nostart@example.com' });
  const meeting = stack.sim.addMeeting({ hostId: host.id, startUrlZak: 'none' });
  const location = await follow(await signedLink(meeting.id), meeting.id);
  assert.equal(location.toString().split('?')[0], `${stack.config.zoom.webUrl}/s/${meeting.id}`);
});

test('a client key without Accept: application/json is redirected like a browser', async () => {
  const host = stack.sim.user(ALICE) ?? stack.sim.addUser({ email: ALICE });
  const meeting = stack.sim.addMeeting({ hostId: host.id });
  const res = await request(stack.url).get(`/start/${meeting.id}`).set('authorization', `Bearer ${CANARY.scopedKey}`).expect(302);
  assert.equal(stack.sim.checkStartZak(meeting.id, new URL(res.headers.location as string).searchParams.get('zak') ?? ''), 'host');
});

test('the ZAK of the host is reused across clicks within zak.cacheSeconds', async () => {
  const host = stack.sim.addUser({ email: 'reuse@example.com' });
  const meeting = stack.sim.addMeeting({ hostId: host.id });
  const link = await signedLink(meeting.id);
  const before = stack.sim.seen.zakMints(host.id);
  const first = await follow(link, meeting.id);
  const second = await follow(link, meeting.id);
  assert.equal(first.searchParams.get('zak'), second.searchParams.get('zak'));
  assert.equal(stack.sim.seen.zakMints(host.id) - before, 1);
});
