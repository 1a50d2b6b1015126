import assert from 'node:assert/strict';
import { test } from 'node:test';
import { download, errorCode } from '../helpers/download-client.js';
import { viaProxy } from '../helpers/passthrough.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { startReplicas } from '../helpers/replica-stacks.js';
import { ALICE, CANARY } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

test("a limited client lists alice's recordings on one replica, then downloads by Zoom's own path on the others", async (t) => {
  const redis = await startTestRedis(t);
  if (!redis) return;
  const fleet = await startReplicas(t, redis, 3, { simulator: { seed: 'empty' } });
  const agent = testAgent();
  t.after(() => agent.close());
  const [lister, other, third] = fleet.stacks as [typeof fleet.stacks[0], typeof fleet.stacks[0], typeof fleet.stacks[0]];
  const alice = fleet.sim.addUser({ email: ALICE });
  const meeting = fleet.sim.addMeeting({ hostId: alice.id });
  const [video, audio] = fleet.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: 200_000 }, { fileType: 'M4A', size: 5_000 }] }).files;
  const scoped = { authorization: `Bearer ${CANARY.scopedKey}` };

  const before = await download(`${other.url}/rec/download/${video!.id}`, { agent, headers: scoped });
  assert.deepEqual([before.status, errorCode(before)], [403, 'forbidden'], 'not listed yet: nobody known');

  const now = fleet.clock.now();
  const listed = await viaProxy(lister, agent, 'GET', `/users/${encodeURIComponent(ALICE)}/recordings?from=${day(now - 2 * 86_400_000)}&to=${day(now + 86_400_000)}`, { key: CANARY.scopedKey });
  assert.equal(listed.status, 200, listed.text);

  for (const replica of [other, third]) {
    for (const file of [video!, audio!]) {
      const got = await download(`${replica.url}/rec/download/${file.id}`, { agent, headers: scoped });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.sha256, fleet.sim.fileSha256(file.id), `checksum of ${file.fileType}`);
    }
  }
});
