import assert from 'node:assert/strict';
import { test } from 'node:test';
import { download } from '../helpers/download-client.js';
import { viaProxy } from '../helpers/passthrough.js';
import { ALICE, CANARY, startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

test("the proxy's own recordings look-up (a limited client's scope check by meeting UUID) teaches the owner too", async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  try {
    const alice = stack.sim.addUser({ email: ALICE });
    const meeting = stack.sim.addMeeting({ hostId: alice.id });
    const recording = stack.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'M4A', size: 2_000 }] });
    const uuid = encodeURIComponent(encodeURIComponent(recording.uuid));

    // Not a path whose answer names the host: the scope check asks GET /meetings/{uuid}/recordings first.
    await viaProxy(stack, agent, 'GET', `/meetings/${uuid}/recordings/settings`, { key: CANARY.scopedKey });
    assert.ok(
      stack.sim.seen.requests.some((r) => r.kind === 'api' && /^\/v2\/meetings\/[^/]+\/recordings$/.test(r.rawPath)),
      'the look-up was made',
    );

    const got = await download(`${stack.url}/rec/download/${recording.files[0]!.id}`, { agent, headers: { authorization: `Bearer ${CANARY.scopedKey}` } });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.sha256, stack.sim.fileSha256(recording.files[0]!.id));
  } finally {
    await agent.close();
    await stack.close();
  }
});
