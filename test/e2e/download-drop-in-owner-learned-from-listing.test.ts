import assert from 'node:assert/strict';
import { test } from 'node:test';
import { download, errorCode } from '../helpers/download-client.js';
import { viaProxy } from '../helpers/passthrough.js';
import { ALICE, CANARY, startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

test("a client limited to alice lists her recordings through /v2, then downloads a file by Zoom's own path on the drop-in", async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  try {
    const alice = stack.sim.addUser({ email: ALICE });
    const meeting = stack.sim.addMeeting({ hostId: alice.id });
    const [video, audio] = stack.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: 300_000 }, { fileType: 'M4A', size: 5_000 }] }).files;
    const scoped = { authorization: `Bearer ${CANARY.scopedKey}` };
    const dropIn = (id: string) => `${stack.url}/rec/download/${id}`;

    const before = await download(dropIn(video!.id), { agent, headers: scoped });
    assert.deepEqual([before.status, errorCode(before)], [403, 'forbidden'], 'not listed yet: nobody known');

    const now = stack.clock.now();
    const listed = await viaProxy(stack, agent, 'GET', `/users/${encodeURIComponent(ALICE)}/recordings?from=${day(now - 2 * 86_400_000)}&to=${day(now + 86_400_000)}`, { key: CANARY.scopedKey });
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json<{ meetings: unknown[] }>().meetings.length, 1);

    for (const file of [video!, audio!]) {
      const got = await download(dropIn(file.id), { agent, headers: scoped });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.length, file.size);
      assert.equal(got.sha256, stack.sim.fileSha256(file.id), `checksum of ${file.fileType}`);
    }
  } finally {
    await agent.close();
    await stack.close();
  }
});
