import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ accounts: [{ name: 'commercial' }, { name: 'partner' }] });
const partner = h.sim.account('partner');

test('a user id or email, a meeting id, a recording UUID or a file id of one account cannot be reused by another', () => {
  assert.throws(() => partner.addUser({ id: DEMO.users.alice.id, email: 'other@partner.example' }), /already exists/);
  assert.throws(() => partner.addUser({ email: DEMO.users.alice.email.toUpperCase() }), /already exists/);
  const pat = partner.addUser({ email: 'pat@partner.example' });
  assert.throws(() => partner.addMeeting({ hostId: pat.id, id: DEMO.meetings.aliceScheduled }), /already exists/);
  const meeting = partner.addMeeting({ hostId: pat.id });
  assert.throws(() => partner.addRecording({ meetingId: meeting.id, uuid: DEMO.recordings.aliceScheduled.uuid, files: [] }), /already exists/);
  assert.throws(() => partner.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', id: DEMO.recordings.aliceScheduled.files.mp4 }] }), /already exists/);
});

test('generated ids never collide across accounts, CC path tokens included', () => {
  const pat = partner.addUser({ email: 'pat2@partner.example' });
  const recording = partner.addRecording({ meetingId: partner.addMeeting({ hostId: pat.id }).id, files: [{ fileType: 'CC' }, { fileType: 'TIMELINE' }] });
  const ids = recording.files.map((f) => f.id);
  // The demo seed of the default account holds cc-1 and timeline-1.
  assert.ok(ids.every((id) => /^(cc|timeline)-\d+$/.test(id) && id !== 'cc-1' && id !== 'timeline-1'), ids.join());
  for (const id of ids) assert.throws(() => h.sim.fileSha256(id), /no file/);
  assert.equal(h.sim.user(pat.id), undefined);
  assert.equal(partner.user('me')?.id, partner.user('pat@partner.example')?.id);
});
