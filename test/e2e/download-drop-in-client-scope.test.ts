import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserRef } from '../../src/auth/client-scope.js';
import { download, errorCode } from '../helpers/download-client.js';
import { ALICE, CANARY, startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

test('a client limited to some users may use the drop-in only for recordings recordingOwner says are theirs', async () => {
  const owners = new Map<string, UserRef>();
  const asked: string[] = [];
  const stack = await startStack({
    simulator: { seed: 'empty' },
    recordingOwner: async (zoomUrl) => {
      asked.push(zoomUrl);
      return owners.get(new URL(zoomUrl).pathname);
    },
  });
  const agent = testAgent();
  try {
    const alice = stack.sim.addUser({ email: ALICE });
    const dave = stack.sim.addUser({ email: 'dave@example.com' });
    const file = (hostId: string) =>
      stack.sim.addRecording({ meetingId: stack.sim.addMeeting({ hostId }).id, files: [{ fileType: 'M4A', size: 1000 }] }).files[0]!.id;
    const alices = file(alice.id);
    const daves = file(dave.id);
    const unknown = file(dave.id);
    owners.set(`/rec/download/${alices}`, { id: alice.id, email: ALICE });
    owners.set(`/rec/download/${daves}`, { id: dave.id });
    const scoped = { authorization: `Bearer ${CANARY.scopedKey}` };

    assert.equal((await download(`${stack.url}/rec/download/${alices}`, { agent, headers: scoped })).status, 200);
    const other = await download(`${stack.url}/rec/download/${daves}`, { agent, headers: scoped });
    assert.deepEqual([other.status, errorCode(other)], [403, 'forbidden']);
    const nobody = await download(`${stack.url}/rec/download/${unknown}`, { agent, headers: scoped });
    assert.deepEqual([nobody.status, errorCode(nobody)], [403, 'forbidden'], 'an owner nobody knows is not in scope');
    assert.deepEqual(asked, [`${stack.sim.webUrl}/rec/download/${alices}`, `${stack.sim.webUrl}/rec/download/${daves}`, `${stack.sim.webUrl}/rec/download/${unknown}`]);

    const all = await download(`${stack.url}/rec/download/${unknown}`, { agent, headers: { authorization: `Bearer ${CANARY.clientKey}` } });
    assert.equal(all.status, 200, 'a users: ["*"] client may download anything, without asking');
    assert.equal(asked.length, 3);
    assert.equal(stack.sim.seen.requests.filter((r) => r.kind === 'web').length, 2, 'refusals cost Zoom nothing');
  } finally {
    await agent.close();
    await stack.close();
  }
});

test('until a recordings answer names the file, its owner is not known: a limited client is refused the drop-in', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  try {
    const alice = stack.sim.addUser({ email: ALICE });
    const fileId = stack.sim.addRecording({ meetingId: stack.sim.addMeeting({ hostId: alice.id }).id, files: [{ fileType: 'M4A', size: 1000 }] }).files[0]!.id;
    const got = await download(`${stack.url}/rec/download/${fileId}`, { agent, headers: { authorization: `Bearer ${CANARY.scopedKey}` } });
    assert.deepEqual([got.status, errorCode(got)], [403, 'forbidden']);
  } finally {
    await agent.close();
    await stack.close();
  }
});
