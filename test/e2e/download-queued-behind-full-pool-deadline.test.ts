import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { addRecordingFiles, download, errorCode, signedLink } from '../helpers/download-client.js';
import { stackForTest } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/**
 * A download that finds every connection to the file host taken waits in the client's queue
 * (undici's pool once, node's agent now), where no idle timer runs: it waited until a slow reader
 * was cut off (downloads.idleTimeoutSeconds, 30 s) or finished. The wait for each hop's answer
 * head, queue included, is bounded by zoom.timeoutSeconds: `504 zoom_timeout`.
 */
const TIMEOUT_SECONDS = 1;
const WITHIN_MS = TIMEOUT_SECONDS * 1000 + 2_000;

test('a download queued behind a full pool answers 504 zoom_timeout within zoom.timeoutSeconds', { timeout: 30_000 }, async (t) => {
  const stack = await stackForTest(t, {
    simulator: { seed: 'empty' },
    configure: (c) => {
      c.zoom.timeoutSeconds = TIMEOUT_SECONDS;
      c.downloads.connections = 2;
      c.downloads.maxConcurrentPerLink = 2;
    },
  });
  const agent = testAgent();
  t.after(() => agent.destroy());
  const [big, small] = addRecordingFiles(stack, { fileType: 'MP4', size: 64 * 1024 * 1024 }, { fileType: 'CHAT', size: 8 * 1024 });
  const link = signedLink(stack, big);
  // Two readers that read nothing: both connections to the file host are held.
  for (let i = 0; i < 2; i++) assert.equal((await request(link, { dispatcher: agent })).statusCode, 200);

  const started = Date.now();
  const queued = await download(signedLink(stack, small), { agent });
  const took = Date.now() - started;
  assert.deepEqual([queued.status, errorCode(queued)], [504, 'zoom_timeout']);
  assert.ok(took < WITHIN_MS, `answered after ${took} ms; zoom.timeoutSeconds is ${TIMEOUT_SECONDS}`);
});
