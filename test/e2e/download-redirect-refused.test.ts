import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, errorCode, metricValue, signedLink } from '../helpers/download-client.js';
import { startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

test('Zoom redirecting the download outside zoom.downloadHosts: 502 zoom_redirect_refused, and nothing is asked of that host', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  try {
    const [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: 100_000 });
    stack.sim.faults.redirectForeign(fileId);
    for (const method of ['GET', 'HEAD'] as const) {
      const got = await download(signedLink(stack, fileId), { agent, method });
      assert.equal(got.status, 502, method);
      if (method === 'GET') assert.equal(errorCode(got), 'zoom_redirect_refused');
    }
    assert.equal(stack.sim.seen.foreignHits, 0);
    assert.equal(stack.sim.seen.requests.filter((r) => r.server === 'foreign').length, 0);
    assert.equal(await metricValue(stack, 'zlp_downloads_total', { outcome: 'redirect_refused' }), 2);
    const line = stack.logs.lines().find((l) => l.msg === 'download redirect refused: not in zoom.downloadHosts');
    assert.equal(line?.to, new URL(stack.sim.foreignUrl).host, 'the host is logged, not the URL');
  } finally {
    await agent.close();
    await stack.close();
  }
});
