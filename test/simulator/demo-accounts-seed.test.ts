import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, DEMO_ACCOUNTS, DEMO_CREDENTIALS, DEMO_GOV, DEMO_GOV_CREDENTIALS } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ accounts: DEMO_ACCOUNTS });
const commercial = h.sim.account('commercial');
const gov = h.sim.account('gov');

test('DEMO_ACCOUNTS: commercial holds DEMO, gov holds DEMO_GOV on servers of its own', () => {
  assert.deepEqual(h.sim.accounts, ['commercial', 'gov']);
  assert.deepEqual([commercial.credentials, gov.credentials], [DEMO_CREDENTIALS, DEMO_GOV_CREDENTIALS]);
  for (const u of Object.values(DEMO.users)) assert.equal(commercial.user(u.email)?.id, u.id);
  for (const u of Object.values(DEMO_GOV.users)) assert.deepEqual([gov.user(u.email)?.id, commercial.user(u.id)], [u.id, undefined]);
  for (const id of Object.values(DEMO_GOV.meetings)) assert.deepEqual([Boolean(gov.meeting(id)), commercial.meeting(id)], [true, undefined]);
  assert.deepEqual(gov.meeting(DEMO_GOV.meetings.danaScheduled)?.alternativeHosts, [DEMO_GOV.users.erin.email]);
  assert.notEqual(gov.webUrl, commercial.webUrl);
  assert.notEqual(gov.cdnUrl, commercial.cdnUrl);
  assert.equal(h.sim.webUrl, commercial.webUrl);
});

test('the gov recording is listed today for its host and its files download with their sizes', async () => {
  const token = await h.accessToken(gov);
  const list = await h.get(`${gov.apiUrl}/users/me/recordings`, { authorization: `Bearer ${token}` });
  const meetings = list.json<{ meetings: Array<{ uuid: string; recording_files: Array<{ id: string; file_size: number }> }> }>().meetings;
  assert.deepEqual(meetings.map((m) => m.uuid), [DEMO_GOV.recordings.danaScheduled.uuid]);
  const { files, sizes } = DEMO_GOV.recordings.danaScheduled;
  assert.deepEqual(meetings[0]!.recording_files.map((f) => [f.id, f.file_size]), [[files.mp4, sizes.mp4], [files.transcript, sizes.transcript]]);
  const redirect = await h.get(`${gov.webUrl}/rec/download/${files.transcript}`, { authorization: `Bearer ${token}` });
  assert.ok(String(redirect.headers.location).startsWith(`${gov.cdnUrl}/`));
  const file = await h.get(String(redirect.headers.location));
  assert.equal(file.body.length, sizes.transcript);
  assert.equal(gov.fileSha256(files.transcript), (await import('node:crypto')).createHash('sha256').update(file.body).digest('hex'));
});
