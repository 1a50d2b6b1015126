import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stackWithZoomApi } from '../helpers/custom-zoom.js';
import { failOnEscapedErrors } from '../helpers/no-escaped-errors.js';
import { viaProxy } from '../helpers/passthrough.js';
import { ALICE, CANARY } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

failOnEscapedErrors();

/**
 * Regression: Zoom's answer is a stream nobody reads while the route waits on something else (here a
 * restricted client's scope look-up, for an answer that is not JSON). Zoom resetting in that gap
 * destroyed the stream with an error no one listened to: an uncaught 'error' event, the process gone.
 */
test('Zoom resetting mid-body while the scope look-up runs: 502 zoom_unreachable, and the process lives on', async (t) => {
  const zoom = await stackWithZoomApi((req, res) => {
    if (req.headers['x-test'] === 'passthrough') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 100_000 });
      res.write(Buffer.alloc(1_000, 0x61));
      setTimeout(() => req.socket.resetAndDestroy(), 100);
      return;
    }
    // The proxy's own look-up of the meeting's host, answered after the reset.
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 123, host_id: 'alice-id', host_email: ALICE }));
    }, 400);
  });
  const agent = testAgent();
  t.after(async () => {
    await agent.close();
    await zoom.close();
  });
  const res = await viaProxy(zoom.stack, agent, 'GET', '/meetings/123', { key: CANARY.scopedKey, headers: { 'x-test': 'passthrough' } });
  assert.equal(res.status, 502);
  assert.equal(res.json<{ error: { code: string } }>().error.code, 'zoom_unreachable');
});
