import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();

test('every request is recorded: server, kind, raw path with its encoding, headers, body hash, clock', async () => {
  h.sim.seen.reset();
  const token = await h.accessToken();
  const raw = `/v2/meetings/${encodeURIComponent(encodeURIComponent(DEMO.recordings.aliceScheduled.uuid))}/recordings?x=%2F`;
  await h.get(`${h.sim.webUrl}${raw}`, { authorization: `Bearer ${token}`, 'x-canary': 'c1' });
  const [oauth, api] = h.sim.seen.requests;
  assert.equal(h.sim.seen.requests.length, 2);
  assert.deepEqual([oauth!.server, oauth!.kind, oauth!.method, oauth!.rawPath], ['main', 'oauth', 'POST', '/oauth/token']);
  const form = `grant_type=account_credentials&account_id=${encodeURIComponent(h.sim.credentials.accountId)}`;
  assert.equal(oauth!.bodyLength, form.length);
  assert.equal(oauth!.bodySha256, createHash('sha256').update(form).digest('hex'));
  assert.deepEqual([api!.kind, api!.rawPath, api!.headers['x-canary'], api!.bodyLength, api!.at], ['api', raw, 'c1', 0, h.now.ms]);
});

test('CDN and foreign requests are recorded with their own server', async () => {
  h.sim.seen.reset();
  await h.get(`${h.sim.cdnUrl}/file/x`);
  await h.get(`${h.sim.foreignUrl}/anything`);
  await h.get(`${h.sim.webUrl}/j/1`);
  assert.deepEqual(h.sim.seen.requests.map((r) => [r.server, r.kind]), [['cdn', 'cdn'], ['foreign', 'foreign'], ['main', 'web']]);
  assert.equal(h.sim.seen.foreignHits, 1);
});

test('reset() empties the requests and every counter', async () => {
  await h.api(`/users/${DEMO.users.bot.id}/token?type=zak`);
  await h.api(`/users/${DEMO.users.bot.id}/token`);
  await h.api(`/users/${DEMO.users.bot.id}/token?type=onbehalf&meeting_id=${DEMO.meetings.aliceScheduled}`);
  assert.ok(h.sim.seen.oauthMints > 0 && h.sim.seen.zakMints(DEMO.users.bot.email) === 1);
  h.sim.seen.reset();
  const s = h.sim.seen;
  assert.deepEqual(
    [s.requests.length, s.oauthMints, s.zakMints(), s.obfMints, s.legacyTokenMints, s.foreignHits, s.cdnRequestsWithAuthorization],
    [0, 0, 0, 0, 0, 0, 0],
  );
});

test('maxSeenRequests bounds the record, keeping the newest', async (t) => {
  const small = await harness({ maxSeenRequests: 5 }, (fn) => t.after(fn));
  for (let i = 0; i < 23; i++) await small.get(`${small.sim.webUrl}/j/${i}`);
  const kept = small.sim.seen.requests;
  assert.ok(kept.length >= 5 && kept.length < 10);
  assert.equal(kept.at(-1)!.rawPath, '/j/22');
});
