import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, signedLink } from '../helpers/download-client.js';
import { startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/**
 * The file is never held: a download far larger than any buffer leaves the process's resident memory
 * about where it was. (Sizes of GiBs and the peak RSS of a separate proxy process are the bench's job;
 * here simulator, proxy and client share one process, so the growth measured bounds all three.)
 */
test('a 256 MiB recording streams through with the right checksum and memory growth far below its size', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, logLevel: 'info' });
  const agent = testAgent();
  try {
    const SIZE = 256 * 1024 * 1024;
    const [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: SIZE });
    await download(signedLink(stack, fileId), { agent, headers: { range: 'bytes=0-4194303' } }); // warm every path up first

    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const got = await download(signedLink(stack, fileId), { agent });
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    assert.equal(got.length, SIZE);
    assert.equal(got.sha256, stack.sim.fileSha256(fileId));
    const growthMiB = (peak - before) / 1024 / 1024;
    assert.ok(growthMiB < 96, `resident memory grew by ${growthMiB.toFixed(1)} MiB for a 256 MiB file`);
  } finally {
    await agent.close();
    await stack.close();
  }
});
