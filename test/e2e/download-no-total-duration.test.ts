import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, metricValue, signedLink, testAgent } from '../helpers/download-client.js';
import { startStack } from '../helpers/start-stack.js';

test('timeouts are idle timeouts: a file host that pauses often, for longer in total than the timeout, streams to the end', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure: (c) => (c.downloads.idleTimeoutSeconds = 1) });
  const agent = testAgent();
  try {
    const [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: 2 * 1024 * 1024 });
    // Four pauses of 300 ms: 1.2 s in all, each far below the timeout (which undici's coarse clock
    // fires no sooner than about 0.5 s after the value's tick).
    for (const afterBytes of [200_000, 700_000, 1_200_000, 1_700_000]) {
      stack.sim.faults.delay({ match: { kind: 'cdn' }, afterBytes, bodyMs: 300, count: 1 });
    }
    const started = Date.now();
    const got = await download(signedLink(stack, fileId), { agent });
    assert.ok(Date.now() - started >= 1_000, 'the pauses did add up past the timeout');
    assert.equal(got.error, undefined);
    assert.equal(got.sha256, stack.sim.fileSha256(fileId));
    assert.equal(await metricValue(stack, 'zlp_downloads_total', { outcome: 'resumed' }), 0, 'never given up on');
  } finally {
    await agent.close();
    await stack.close();
  }
});
