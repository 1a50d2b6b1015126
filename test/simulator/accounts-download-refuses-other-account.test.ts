import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, DEMO_ACCOUNTS } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ accounts: [...DEMO_ACCOUNTS, { name: 'partner' }] });
const commercial = h.sim.account('commercial');
const partner = h.sim.account('partner');
const pat = partner.addUser({ email: 'pat@partner.example' });
const patRecording = partner.addRecording({
  meetingId: partner.addMeeting({ hostId: pat.id }).id, files: [{ fileType: 'TRANSCRIPT', size: 3000 }],
});
const patFile = patRecording.files[0]!.id;
const aliceFile = DEMO.recordings.aliceScheduled.files.transcript;
const ONLY_HOST = /Only the host can download this recording/;

const download = (fileId: string, token: string): ReturnType<typeof h.get> =>
  h.get(`${h.sim.webUrl}/rec/download/${fileId}`, { authorization: `Bearer ${token}` });

test('an access token of one account gets the HTML refusal for another account file', async () => {
  const res = await download(patFile, await h.accessToken(commercial));
  assert.equal(res.status, 200);
  assert.match(res.text, ONLY_HOST);
  const own = await download(patFile, await h.accessToken(partner));
  assert.equal(own.status, 302);
  const file = await h.get(String(own.headers.location));
  assert.equal(file.status, 200);
  assert.equal(file.body.length, 3000);
});

test('a download token of one account meeting does not open another account file', async () => {
  const partnerToken = await h.accessToken(partner);
  const uuid = encodeURIComponent(encodeURIComponent(patRecording.uuid));
  const rec = await h.get(`${partner.apiUrl}/meetings/${uuid}/recordings?include_fields=download_access_token`, { authorization: `Bearer ${partnerToken}` });
  const downloadToken = rec.json<{ download_access_token: string }>().download_access_token;
  assert.equal((await download(patFile, downloadToken)).status, 302);
  assert.match((await download(aliceFile, downloadToken)).text, ONLY_HOST);
});

test('a CDN URL signed for one account file, moved onto another account file, is 403', async () => {
  const own = await download(aliceFile, await h.accessToken(commercial));
  const moved = new URL(String(own.headers.location));
  moved.pathname = `/file/${patFile}`;
  const res = await h.get(moved.href);
  assert.equal(res.status, 403);
  assert.match(res.text, /AccessDenied/);
});
