import assert from 'node:assert/strict';
import { test } from 'node:test';
import { download } from '../helpers/download-client.js';
import { viaProxy } from '../helpers/passthrough.js';
import { ALICE, CANARY, startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

test("a meeting's recordings answer that Zoom sent gzip-compressed teaches the owner of its files as well", async () => {
  const stack = await startStack({ simulator: { seed: 'empty', compressJson: true } });
  const agent = testAgent();
  try {
    const alice = stack.sim.addUser({ email: ALICE });
    const meeting = stack.sim.addMeeting({ hostId: alice.id });
    const file = stack.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: 100_000 }] }).files[0]!;

    const listed = await viaProxy(stack, agent, 'GET', `/meetings/${meeting.id}/recordings`, { key: CANARY.scopedKey, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(listed.status, 200, listed.text);
    // The proxy passes Zoom's own coding on (it never compresses an identity answer): Zoom sent gzip.
    assert.equal(listed.headers['content-encoding'], 'gzip');

    const got = await download(`${stack.url}/rec/download/${file.id}`, { agent, headers: { authorization: `Bearer ${CANARY.scopedKey}` } });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.sha256, stack.sim.fileSha256(file.id));
  } finally {
    await agent.close();
    await stack.close();
  }
});
