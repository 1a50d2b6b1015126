import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
const rec = DEMO.recordings.aliceScheduled;
const once = (s: string): string => encodeURIComponent(s);
const twice = (s: string): string => encodeURIComponent(encodeURIComponent(s));

interface RecordingFile { id?: string; meeting_id: string; file_type: string; file_extension: string; file_size?: number; download_url: string; play_url: string; status: string; recording_type: string; recording_start: string; recording_end: string }
interface Recording { uuid: string; id: number; recording_files: RecordingFile[]; download_access_token?: string }

test('by numeric meeting id: every file with Zoom\'s fields; CC has no id and no file_size', async () => {
  const res = await h.api(`/meetings/${DEMO.meetings.aliceScheduled}/recordings`);
  assert.equal(res.status, 200);
  const body = res.json<Recording>();
  assert.equal(body.uuid, rec.uuid);
  assert.equal(body.id, DEMO.meetings.aliceScheduled);
  const byType = new Map(body.recording_files.map((f) => [f.file_type, f]));
  const mp4 = byType.get('MP4')!;
  assert.equal(mp4.id, rec.files.mp4);
  assert.equal(mp4.file_extension, 'MP4');
  assert.equal(mp4.file_size, 52_428_811);
  assert.equal(mp4.download_url, `${h.sim.webUrl}/rec/download/${rec.files.mp4}`);
  assert.equal(mp4.play_url, `${h.sim.webUrl}/rec/play/${rec.files.mp4}`);
  assert.equal(mp4.status, 'completed');
  assert.equal(mp4.meeting_id, rec.uuid);
  assert.ok(mp4.recording_type && mp4.recording_start && mp4.recording_end);
  assert.deepEqual([...byType.keys()].sort(), ['CC', 'M4A', 'MP4', 'TRANSCRIPT']);
  const cc = byType.get('CC')!;
  assert.equal(cc.id, undefined);
  assert.equal(cc.file_size, undefined);
  assert.equal(cc.download_url, `${h.sim.webUrl}/rec/download/${rec.files.cc}`);
});

test('a UUID with // must be double-encoded: twice works, once is 3301', async () => {
  assert.ok(rec.uuid.includes('//'));
  const good = await h.api(`/meetings/${twice(rec.uuid)}/recordings`);
  assert.equal(good.status, 200);
  assert.equal(good.json<Recording>().uuid, rec.uuid);
  const bad = await h.api(`/meetings/${once(rec.uuid)}/recordings`);
  assert.deepEqual([bad.status, bad.json().code], [404, 3301]);
});

test('a UUID starting with / must be double-encoded too', async () => {
  const uuid = DEMO.recordings.aliceRecurring.uuid;
  assert.ok(uuid.startsWith('/'));
  assert.equal((await h.api(`/meetings/${twice(uuid)}/recordings`)).status, 200);
  assert.equal((await h.api(`/meetings/${once(uuid)}/recordings`)).json().code, 3301);
});

test('a plain UUID works encoded once or twice', async () => {
  const m = h.sim.addMeeting({ hostId: DEMO.users.bob.id, uuid: 'abc+DEF/ghi==' });
  h.sim.addRecording({ meetingId: m.id, files: [{ fileType: 'M4A' }] });
  assert.equal((await h.api(`/meetings/${once('abc+DEF/ghi==')}/recordings`)).status, 200);
  assert.equal((await h.api(`/meetings/${twice('abc+DEF/ghi==')}/recordings`)).status, 200);
});

test('a meeting without recordings, or an unknown UUID, is 404 code 3301', async () => {
  for (const id of [String(DEMO.meetings.bobPmi), twice('nope//x=='), '99999999999']) {
    const res = await h.api(`/meetings/${id}/recordings`);
    assert.deepEqual([res.status, res.json().code], [404, 3301]);
  }
});

test('include_fields=download_access_token adds a token good for that meeting\'s downloads only', async () => {
  const body = (await h.api(`/meetings/${DEMO.meetings.aliceScheduled}/recordings?include_fields=download_access_token`)).json<Recording>();
  assert.ok(body.download_access_token);
  const auth = { authorization: `Bearer ${body.download_access_token}` };
  assert.equal((await h.get(`${h.sim.webUrl}/rec/download/${rec.files.m4a}`, auth)).status, 302);
  const other = await h.get(`${h.sim.webUrl}/rec/download/${DEMO.recordings.aliceRecurring.files.mp4}`, auth);
  assert.equal(other.status, 200);
  assert.match(other.text, /Only the host can download this recording/);
  assert.equal((await h.get(`${h.sim.apiUrl}/users/me`, auth)).status, 401, 'not an API token');
});
