import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { CANARY, stackForTest } from '../helpers/start-stack.js';
import { reloadStack } from '../helpers/reload-stack.js';
import { trickleUpload, type Trickle } from '../helpers/trickle-upload.js';

/**
 * Found in review: the per-client /v2 limit lived in the route built by createApp, and a reload builds
 * a new app, so a client already at its limit got a fresh allowance after every SIGHUP (a key
 * rotation is exactly when reloads happen). The counts now survive a reload: still 429.
 */
test('a reload does not hand a client at its /v2 limit a fresh allowance', { timeout: 30_000 }, async (t) => {
  const stack = await stackForTest(t, {
    simulator: { seed: 'empty' },
    configure: (c) => {
      c.zoom.timeoutSeconds = 2;
      c.passthrough.connections = 8;
      c.passthrough.maxConcurrentPerClient = 3;
      c.passthrough.uploadMinBytesPerSecond = 0;
    },
  });
  const held: Trickle[] = [];
  t.after(() => held.forEach((h) => h.stop()));
  for (let i = 0; i < 3; i++) held.push(trickleUpload(stack.url, CANARY.clientKey, { everyMs: 200 }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = await request(stack.url).get('/v2/users/me').set('authorization', `Bearer ${CANARY.clientKey}`);
  assert.equal(before.status, 429);

  assert.equal(reloadStack(stack, () => undefined), true);

  const after = await request(stack.url).get('/v2/users/me').set('authorization', `Bearer ${CANARY.clientKey}`);
  assert.equal(after.status, 429, `after a reload the client at its limit got ${after.status}`);
});
