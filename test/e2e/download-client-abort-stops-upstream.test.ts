import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { addRecordingFiles, metricValue, signedLink, simulatorSettled } from '../helpers/download-client.js';
import { startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

test('a client that goes away mid-download: the proxy drops Zoom\'s side at once, the file host stops sending', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  try {
    const SIZE = 1024 ** 3; // a GiB: streamed whole in well under a second if nobody stopped it
    const [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: SIZE });

    const res = await request(signedLink(stack, fileId), { dispatcher: agent });
    let received = 0;
    for await (const chunk of res.body) {
      received += (chunk as Buffer).length;
      if (received >= 1024 * 1024) break; // leaving the loop destroys the body: a real client abort
    }
    await simulatorSettled(stack);
    const cdn = stack.sim.seen.requests.find((r) => r.kind === 'cdn');
    assert.equal(cdn?.response?.complete, false, 'the file host saw its client (the proxy) go away');
    assert.ok((cdn?.response?.bodyBytes ?? SIZE) < SIZE / 8, `the file host sent ${cdn?.response?.bodyBytes} bytes, not the file`);
    await waitFor(async () => (await metricValue(stack, 'zlp_downloads_total', { outcome: 'aborted' })) === 1);
    assert.equal(stack.sim.seen.requests.filter((r) => r.kind === 'cdn').length, 1, 'and no resume was attempted');
  } finally {
    await agent.close();
    await stack.close();
  }
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('never happened');
}
