import assert from 'node:assert/strict';
import { test } from 'node:test';
import { download, errorCode } from '../helpers/download-client.js';
import { viaProxy } from '../helpers/passthrough.js';
import { ALICE, CANARY, startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

test("a client limited to alice is refused dave's file on the drop-in even once an all-users client listed it, and the file is never asked for", async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  try {
    stack.sim.addUser({ email: ALICE });
    const dave = stack.sim.addUser({ email: 'dave@example.com' });
    const meeting = stack.sim.addMeeting({ hostId: dave.id });
    const file = stack.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'M4A', size: 4_000 }] }).files[0]!;
    const now = stack.clock.now();
    // By id: the answer names dave by host_id only, as Zoom's does.
    const listed = await viaProxy(stack, agent, 'GET', `/users/${dave.id}/recordings?from=${day(now - 2 * 86_400_000)}&to=${day(now + 86_400_000)}`);
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(await stack.proxy.services.sideOf().recordingOwners.ownerOf(`${stack.sim.webUrl}/rec/download/${file.id}`), { id: dave.id }, 'the owner is known');

    const fileHits = () => stack.sim.seen.requests.filter((r) => r.kind === 'web' || r.kind === 'cdn').length;
    const hitsBefore = fileHits();
    const refused = await download(`${stack.url}/rec/download/${file.id}`, { agent, headers: { authorization: `Bearer ${CANARY.scopedKey}` } });
    assert.deepEqual([refused.status, errorCode(refused)], [403, 'forbidden']);
    assert.equal(fileHits(), hitsBefore, "nothing was asked of Zoom's file endpoint");

    const all = await download(`${stack.url}/rec/download/${file.id}`, { agent, headers: { authorization: `Bearer ${CANARY.clientKey}` } });
    assert.equal(all.sha256, stack.sim.fileSha256(file.id), 'the file itself is there for an all-users client');
  } finally {
    await agent.close();
    await stack.close();
  }
});
