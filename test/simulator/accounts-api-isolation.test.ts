import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

// Two accounts on the same servers, as two commercial accounts: only the token tells them apart.
const h = await harness({ accounts: [{ name: 'commercial' }, { name: 'partner' }] });
const commercial = h.sim.account('commercial');
const partner = h.sim.account('partner');
const pat = partner.addUser({ email: 'pat@partner.example' });
const patMeeting = partner.addMeeting({ hostId: pat.id, topic: 'Partner only' });
const patWebinar = partner.addWebinar({ hostId: pat.id });
const patRecording = partner.addRecording({ meetingId: patMeeting.id, files: [{ fileType: 'MP4' }] });
const partnerToken = await h.accessToken(partner);
const commercialToken = await h.accessToken(commercial);

const asCommercial = (path: string, method = 'GET', body?: unknown): ReturnType<typeof h.send> => h.send(method, `${h.sim.apiUrl}${path}`, {
  headers: { authorization: `Bearer ${commercialToken}`, 'content-type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

function assertZoomError(res: Awaited<ReturnType<typeof h.send>>, status: number, code: number, label: string): void {
  assert.equal(res.status, status, `${label}: ${res.text}`);
  assert.equal(res.json().code, code, label);
}

test('another account user, by id or email, is 404 1001 on every user route', async () => {
  for (const id of [pat.id, encodeURIComponent(pat.email)]) {
    assertZoomError(await asCommercial(`/users/${id}`), 404, 1001, 'user');
    assertZoomError(await asCommercial(`/users/${id}/token?type=zak`), 404, 1001, 'zak');
    assertZoomError(await asCommercial(`/users/${id}/token`), 404, 1001, 'legacy token');
    assertZoomError(await asCommercial(`/users/${id}/meetings`), 404, 1001, 'meetings');
    assertZoomError(await asCommercial(`/users/${id}/webinars`), 404, 1001, 'webinars');
    assertZoomError(await asCommercial(`/users/${id}/recordings`), 404, 1001, 'recordings');
    assertZoomError(await asCommercial(`/users/${id}/meetings`, 'POST', { topic: 'x' }), 404, 1001, 'create');
  }
  assert.equal(h.sim.seen.zakMints(pat.id), 0);
});

test('another account meeting is 404 3001 (webinar too), and stays as it was', async () => {
  assertZoomError(await asCommercial(`/meetings/${patMeeting.id}`), 404, 3001, 'get');
  assertZoomError(await asCommercial(`/meetings/${patMeeting.id}`, 'PATCH', { topic: 'Taken over' }), 404, 3001, 'patch');
  assertZoomError(await asCommercial(`/meetings/${patMeeting.id}`, 'DELETE'), 404, 3001, 'delete');
  assertZoomError(await asCommercial(`/webinars/${patWebinar.id}`), 404, 3001, 'webinar');
  assertZoomError(await asCommercial(`/users/${DEMO.users.bot.id}/token?type=onbehalf&meeting_id=${patMeeting.id}`), 404, 3001, 'obf');
  assert.equal(partner.meeting(patMeeting.id)?.topic, 'Partner only');
  assert.equal(commercial.meeting(patMeeting.id), undefined);
});

test('another account recording is 404 3301, by meeting id and by UUID', async () => {
  assertZoomError(await asCommercial(`/meetings/${patMeeting.id}/recordings`), 404, 3301, 'by id');
  const uuid = encodeURIComponent(encodeURIComponent(patRecording.uuid));
  assertZoomError(await asCommercial(`/meetings/${uuid}/recordings`), 404, 3301, 'by uuid');
  const own = await h.send('GET', `${h.sim.apiUrl}/meetings/${uuid}/recordings`, { headers: { authorization: `Bearer ${partnerToken}` } });
  assert.equal(own.status, 200);
});

test('schedule_for and alternative hosts of another account are refused', async () => {
  assertZoomError(await asCommercial(`/users/me/meetings`, 'POST', { schedule_for: pat.email }), 404, 1001, 'schedule_for');
  const alt = await asCommercial(`/meetings/${DEMO.meetings.aliceScheduled}`, 'PATCH', { settings: { alternative_hosts: pat.email } });
  assertZoomError(alt, 400, 300, 'alternative host');
});

test('the other way round: the partner token does not reach the default account', async () => {
  const res = await h.send('GET', `${h.sim.apiUrl}/meetings/${DEMO.meetings.aliceScheduled}`, { headers: { authorization: `Bearer ${partnerToken}` } });
  assertZoomError(res, 404, 3001, 'demo meeting');
  const me = await h.send('GET', `${h.sim.apiUrl}/users/me`, { headers: { authorization: `Bearer ${partnerToken}` } });
  assert.equal(me.json().id, pat.id);
});
