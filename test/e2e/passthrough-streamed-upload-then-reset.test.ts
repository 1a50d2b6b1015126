import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stackWithZoomApi } from '../helpers/custom-zoom.js';
import { failOnEscapedErrors } from '../helpers/no-escaped-errors.js';
import { viaProxy } from '../helpers/passthrough.js';
import { testAgent } from '../helpers/test-agent.js';

failOnEscapedErrors();

/**
 * Regression: a body too large to hold for a replay goes to Zoom as the client's own request stream;
 * once undici has sent it, it empties that request's `socket`. A failure after that (here Zoom reads
 * the whole body, then resets) was answered by reading `req.socket.destroyed`: a TypeError in the
 * error path, an unhandled rejection, and the process gone.
 */
test('Zoom resetting after reading a streamed upload: 502 zoom_unreachable, and the process lives on', async (t) => {
  let received = 0;
  const zoom = await stackWithZoomApi((req) => {
    req.on('data', (chunk: Buffer) => (received += chunk.length));
    req.on('end', () => req.socket.resetAndDestroy());
  });
  const agent = testAgent();
  t.after(async () => {
    await agent.close();
    await zoom.close();
  });
  const size = zoom.stack.config.passthrough.replayMaxBytes + 1_000_000;
  const res = await viaProxy(zoom.stack, agent, 'PATCH', '/meetings/123', {
    headers: { 'content-type': 'application/octet-stream' },
    body: Buffer.alloc(size, 0x62),
  });
  assert.equal(res.status, 502);
  assert.equal(res.json<{ error: { code: string } }>().error.code, 'zoom_unreachable');
  assert.equal(received, size, 'Zoom had read the whole body');
  assert.equal((await viaProxy(zoom.stack, agent, 'GET', '/users/me')).status, 502, 'still serving');
});
