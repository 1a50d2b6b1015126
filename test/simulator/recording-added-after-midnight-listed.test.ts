import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ seed: 'empty' });

/**
 * A recording added without a start time is dated an hour ago, but never before today (UTC): the
 * recordings list shows today's by default, so a test or the demo adding one at 00:10 UTC still
 * finds it (a full test run just after midnight once lost one this way).
 */
test('a recording added at 00:10 UTC without a start time is in the default (today) list', async () => {
  h.now.ms = Date.parse('2026-03-03T00:10:00Z');
  const host = h.sim.addUser({ email: 'midnight@example.com' });
  const recording = h.sim.addRecording({ meetingId: h.sim.addMeeting({ hostId: host.id }).id, files: [{ fileType: 'MP4', size: 1000 }] });
  const list = (await h.api(`/users/${host.id}/recordings`)).json<{ from: string; meetings: Array<{ uuid: string; start_time: string }> }>();
  assert.equal(list.from, '2026-03-03');
  assert.deepEqual(list.meetings.map((m) => m.uuid), [recording.uuid]);
  assert.equal(list.meetings[0]!.start_time, '2026-03-03T00:00:00Z');
});
