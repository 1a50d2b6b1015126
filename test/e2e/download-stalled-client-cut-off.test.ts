import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { addRecordingFiles, signedLink, simulatorSettled } from '../helpers/download-client.js';
import { startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

test('a client that stops reading is cut off after the idle timeout, and the file host is let go', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure: (c) => (c.downloads.idleTimeoutSeconds = 0.4) });
  const agent = testAgent();
  try {
    const SIZE = 256 * 1024 * 1024; // far more than the sockets' buffers hold
    const [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: SIZE });
    const res = await request(signedLink(stack, fileId), { dispatcher: agent });
    assert.equal(res.statusCode, 200);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // read nothing
    let received = 0;
    await assert.rejects(async () => {
      for await (const chunk of res.body) received += (chunk as Buffer).length;
    }, 'the proxy closed the connection');
    assert.ok(received < SIZE);
    await simulatorSettled(stack);
    const cdn = stack.sim.seen.requests.find((r) => r.kind === 'cdn');
    assert.equal(cdn?.response?.complete, false);
    assert.ok(stack.logs.lines().some((l) => l.msg === 'download client stopped reading: cut off'));
  } finally {
    await agent.close();
    await stack.close();
  }
});
