import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { CANARY, stackForTest } from '../helpers/start-stack.js';
import { trickleUpload } from '../helpers/trickle-upload.js';

/**
 * A streamed upload that sends a byte now and then is never silent for a whole zoom.timeoutSeconds,
 * so the idle watch let it hold its connection to Zoom as long as it liked. It must also keep up
 * passthrough.uploadMinBytesPerSecond over every window of zoom.timeoutSeconds, or it is cut off
 * with `408 request_timeout` (naming the key) and Zoom's request is aborted. An upload at a decent
 * pace, however long, is not.
 */
const TIMEOUT_SECONDS = 0.5;

async function trickleStack(t: Parameters<typeof stackForTest>[0]) {
  return stackForTest(t, {
    simulator: { seed: 'empty' },
    configure: (c) => {
      c.zoom.timeoutSeconds = TIMEOUT_SECONDS;
      c.passthrough.uploadMinBytesPerSecond = 1024;
      c.passthrough.replayMaxBytes = 1024; // larger bodies are streamed to Zoom, under the watch
    },
  });
}

test('an upload trickling slower than passthrough.uploadMinBytesPerSecond gets 408 and Zoom is let go', { timeout: 20_000 }, async (t) => {
  const stack = await trickleStack(t);
  const started = Date.now();
  // A byte every 100 ms: never silent for a window, 5 bytes a window where 512 are asked.
  const upload = trickleUpload(stack.url, CANARY.clientKey, { everyMs: 100 });
  t.after(() => upload.stop());
  const stopAnyway = setTimeout(() => upload.stop(), 8_000);
  t.after(() => clearTimeout(stopAnyway));
  const answer = await upload.answer;
  const took = Date.now() - started;
  assert.equal(answer.status, 408);
  assert.equal(answer.headers.connection, 'close');
  const error = (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;
  assert.equal(error.code, 'request_timeout');
  assert.match(error.message, /passthrough\.uploadMinBytesPerSecond/);
  // Noticed within a window or two (plus a loaded machine's margin), not left to run.
  assert.ok(took < TIMEOUT_SECONDS * 1000 * 2 + 2_000, `cut off after ${took} ms`);
});

test('an upload at a decent pace is not cut off, however long it takes', { timeout: 20_000 }, async (t) => {
  const stack = await trickleStack(t);
  const piece = Buffer.alloc(2048, 0x61); // 2 KiB every 100 ms: 20 KiB/s, well above 1 KiB/s
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(`${stack.url}/v2/users/me/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CANARY.clientKey}`, 'content-type': 'application/octet-stream', 'content-length': 40 * piece.length },
      agent: false,
    });
    req.on('response', (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)));
    req.on('error', reject);
    let sent = 0;
    const timer = setInterval(() => {
      req.write(piece);
      if (++sent === 40) {
        clearInterval(timer);
        req.end();
      }
    }, 100);
  });
  assert.notEqual(status, 408, 'cut off although it kept a decent pace for 4 s (8 windows)');
  assert.ok(stack.sim.seen.requests.some((r) => r.rawPath.endsWith('/users/me/uploads') && r.bodyLength === 40 * piece.length), 'Zoom got the whole body');
});
