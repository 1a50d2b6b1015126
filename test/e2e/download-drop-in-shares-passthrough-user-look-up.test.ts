import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserRef } from '../../src/auth/client-scope.js';
import { download } from '../helpers/download-client.js';
import { testAgent } from '../helpers/test-agent.js';
import { viaProxy } from '../helpers/passthrough.js';
import { ALICE, CANARY, startStack } from '../helpers/start-stack.js';

/**
 * The passthrough and the drop-in download check a limited client's scope with the same look-ups:
 * a user id the passthrough resolved to an email is not asked of Zoom again by the download (each
 * route once built its own cache, and Zoom saw the same user look-up twice).
 */
test("a user looked up for a /v2 scope check is not looked up again for a drop-in download's", async () => {
  const owners = new Map<string, UserRef>();
  const stack = await startStack({ simulator: { seed: 'empty' }, recordingOwner: async (zoomUrl) => owners.get(new URL(zoomUrl).pathname) });
  const agent = testAgent();
  try {
    const alice = stack.sim.addUser({ email: ALICE });
    const file = stack.sim.addRecording({ meetingId: stack.sim.addMeeting({ hostId: alice.id }).id, files: [{ fileType: 'M4A', size: 1000 }] }).files[0]!;
    // Known by id only: the client lists alice by email, so her id has to be looked up.
    owners.set(`/rec/download/${file.id}`, { id: alice.id });
    const userLookUps = () => stack.sim.seen.requests.filter((r) => r.kind === 'api' && r.rawPath === `/v2/users/${alice.id}`).length;

    await viaProxy(stack, agent, 'GET', `/users/${alice.id}/settings`, { key: CANARY.scopedKey });
    assert.equal(userLookUps(), 1, 'the /v2 scope check looked alice up');

    const got = await download(`${stack.url}/rec/download/${file.id}`, { agent, headers: { authorization: `Bearer ${CANARY.scopedKey}` } });
    assert.equal(got.status, 200, got.text);
    assert.equal(userLookUps(), 1, 'the download found alice in the same cache');
  } finally {
    await agent.close();
    await stack.close();
  }
});
