import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { CANARY, stackForTest } from '../helpers/start-stack.js';
import { trickleUpload, type Trickle } from '../helpers/trickle-upload.js';

/**
 * A `/v2` request that finds every connection of the passthrough's pool taken waits in undici's
 * queue, where neither undici's headers timeout nor an abort signal runs: it waited as long as the
 * uploads holding the pool lasted (118 s in the report). The proxy's own deadline counts from the
 * moment the request is handed to the pool, so it is answered `504 zoom_timeout` within
 * zoom.timeoutSeconds, and it never reaches Zoom late.
 */
const TIMEOUT_SECONDS = 1;
const WITHIN_MS = TIMEOUT_SECONDS * 1000 + 2_000;
const OTHER_KEY = 'CANARY-client-key-other-app-9f8e';

test('a /v2 request queued behind a full pool answers 504 zoom_timeout within zoom.timeoutSeconds', { timeout: 30_000 }, async (t) => {
  const stack = await stackForTest(t, {
    simulator: { seed: 'empty' },
    configure: (c) => {
      c.zoom.timeoutSeconds = TIMEOUT_SECONDS;
      c.passthrough.connections = 2;
      c.passthrough.maxConcurrentPerClient = 2;
      c.passthrough.uploadMinBytesPerSecond = 0; // the uploads hold their connections as long as they trickle
      c.clients.push({ name: 'other-app', keys: [OTHER_KEY], users: ['*'] });
    },
  });
  const held: Trickle[] = [];
  t.after(() => held.forEach((h) => h.stop()));
  for (let i = 0; i < 2; i++) held.push(trickleUpload(stack.url, CANARY.clientKey, { everyMs: 200 }));
  await new Promise((resolve) => setTimeout(resolve, 300)); // both hold a connection to Zoom now

  const started = Date.now();
  const res = await request(stack.url).get('/v2/users/me').set('authorization', `Bearer ${OTHER_KEY}`);
  const took = Date.now() - started;
  assert.equal(res.status, 504);
  assert.equal((res.body as { error: { code: string } }).error.code, 'zoom_timeout');
  assert.ok(took < WITHIN_MS, `answered after ${took} ms; zoom.timeoutSeconds is ${TIMEOUT_SECONDS}`);
  // The uploads were not disturbed, and the abandoned request never reached Zoom once a connection freed.
  for (const h of held) h.stop();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(!stack.sim.seen.requests.some((r) => r.rawPath.endsWith('/users/me')), 'the request given up on was not sent later');
});
