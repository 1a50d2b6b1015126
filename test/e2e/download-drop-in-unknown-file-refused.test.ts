import assert from 'node:assert/strict';
import { test } from 'node:test';
import { download, errorCode } from '../helpers/download-client.js';
import { viaProxy } from '../helpers/passthrough.js';
import { ALICE, CANARY, startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

test('a file no recordings answer named is refused to a limited client without a single request to Zoom', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  try {
    const alice = stack.sim.addUser({ email: ALICE });
    const listedMeeting = stack.sim.addMeeting({ hostId: alice.id });
    stack.sim.addRecording({ meetingId: listedMeeting.id, files: [{ fileType: 'M4A', size: 1_000 }] });
    // Alice's too, but never listed through the proxy (say its URL came by webhook).
    const unlisted = stack.sim.addRecording({ meetingId: stack.sim.addMeeting({ hostId: alice.id }).id, files: [{ fileType: 'M4A', size: 1_000 }] }).files[0]!;
    const listed = await viaProxy(stack, agent, 'GET', `/meetings/${listedMeeting.id}/recordings`, { key: CANARY.scopedKey });
    assert.equal(listed.status, 200, listed.text);

    const requestsBefore = stack.sim.seen.requests.length;
    for (const path of [`/rec/download/${unlisted.id}`, '/rec/download/no-such-file', '/rec/archive/download/no-such-file']) {
      const got = await download(`${stack.url}${path}`, { agent, headers: { authorization: `Bearer ${CANARY.scopedKey}` } });
      assert.deepEqual([got.status, errorCode(got)], [403, 'forbidden'], path);
    }
    assert.equal(stack.sim.seen.requests.length, requestsBefore, 'no OAuth, API or file request');
  } finally {
    await agent.close();
    await stack.close();
  }
});
