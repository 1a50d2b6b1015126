import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, metricValue, signedLink } from '../helpers/download-client.js';
import { startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

test('timeouts are idle timeouts: silences each shorter than the timeout, longer in total, and the download streams to the end', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure: (c) => (c.downloads.idleTimeoutSeconds = 2) });
  const agent = testAgent();
  try {
    const SIZE = 4 * 1024 * 1024;
    const [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: SIZE });
    // Three silences of 800 ms (Zoom's headers, the file host's headers, mid-body): 2.4 s in all,
    // each well below the 2 s timeout, so that a loaded machine stretching them does not make this
    // test lie. (The simulator pauses a body once per answer: several delays on one answer add up.)
    stack.sim.faults.delay({ match: { kind: 'web' }, headersMs: 800, count: 1 });
    stack.sim.faults.delay({ match: { kind: 'cdn' }, headersMs: 800, afterBytes: SIZE / 2, bodyMs: 800, count: 1 });
    const started = Date.now();
    const got = await download(signedLink(stack, fileId), { agent });
    assert.ok(Date.now() - started >= 2_400, 'the silences did add up past the timeout');
    assert.equal(got.error, undefined);
    assert.equal(got.sha256, stack.sim.fileSha256(fileId));
    assert.equal(await metricValue(stack, 'zlp_downloads_total', { outcome: 'resumed' }), 0, 'never given up on');
  } finally {
    await agent.close();
    await stack.close();
  }
});
