import assert from 'node:assert/strict';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { stackWithZoomApi } from '../helpers/custom-zoom.js';
import { eventually } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';

/**
 * A streamed upload (larger than passthrough.replayMaxBytes) whose client stops sending: undici's
 * timers sleep while it sends a body, so the proxy watches the client's socket itself. After
 * `zoom.timeoutSeconds` without a byte the client gets 408 `request_timeout` and Zoom's request is
 * aborted, not left open until the server's 120 s requestTimeout. A slow upload that keeps sending
 * is never cut: the limit is on silence, not on the whole upload.
 */
const TOTAL = 1024 * 1024;
const PIECE = Buffer.alloc(16 * 1024, 0x62);

async function uploadStack(zoomReads = true) {
  const seen = { bytes: 0, complete: undefined as boolean | undefined, paused: undefined as IncomingMessage | undefined };
  const zoom = await stackWithZoomApi(
    (req, res) => {
      req.on('close', () => (seen.complete ??= false));
      req.on('data', (chunk: Buffer) => (seen.bytes += chunk.length));
      if (!zoomReads) {
        // Takes nothing (until the test says), answers nothing.
        req.pause();
        seen.paused = req;
        return;
      }
      req.on('end', () => {
        seen.complete = true;
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    },
    {
      configure: (c) => {
        c.zoom.timeoutSeconds = 0.5;
        c.passthrough.replayMaxBytes = 1024;
      },
    },
  );
  return { zoom, seen };
}

function startUpload(url: string, total = TOTAL): { req: ClientRequest; answer: Promise<{ res: IncomingMessage; body: string }> } {
  const req = httpRequest(`${url}/v2/users/me/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CANARY.clientKey}`, 'content-type': 'application/octet-stream', 'content-length': total },
    agent: false,
  });
  const answer = new Promise<{ res: IncomingMessage; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => (body += s));
      res.on('end', () => resolve({ res, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  return { req, answer };
}

// Without the watch a stalled upload waits for the server's 120 s requestTimeout: fail well before.
const LIMIT = { timeout: 15_000 };

test('an upload that stops half way gets 408 request_timeout after zoom.timeoutSeconds, and Zoom is let go', LIMIT, async (t) => {
  const { zoom, seen } = await uploadStack();
  t.after(() => zoom.close());
  const { req, answer } = startUpload(zoom.stack.url);
  for (let sent = 0; sent < TOTAL / 4; sent += PIECE.length) req.write(PIECE);
  // ...and nothing more.
  const { res, body } = await answer;
  assert.equal(res.statusCode, 408);
  assert.equal(res.headers.connection, 'close');
  assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'request_timeout');
  assert.ok(!body.includes(CANARY.clientKey));
  await eventually(() => seen.complete === false, "Zoom's request was aborted, not completed or left open");
  assert.ok(seen.bytes < TOTAL, `Zoom got ${seen.bytes} of ${TOTAL} bytes`);
  req.destroy();
});

test('a slow upload that keeps sending is not cut off, however long it takes in all', LIMIT, async (t) => {
  const { zoom, seen } = await uploadStack();
  t.after(() => zoom.close());
  const { req, answer } = startUpload(zoom.stack.url);
  const pieces = TOTAL / PIECE.length;
  const started = Date.now();
  for (let i = 0; i < pieces; i++) {
    req.write(PIECE);
    // 64 pieces over ~1.6 s: longer in all than zoom.timeoutSeconds, never silent a fifth as long.
    if (i % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  req.end();
  const { res, body } = await answer;
  assert.ok(Date.now() - started > 1000, 'the upload took longer than the idle limit in all');
  assert.equal(res.statusCode, 201, body);
  assert.equal(seen.complete, true);
  assert.equal(seen.bytes, TOTAL);
});

test('an upload Zoom stops taking (its buffers full, nothing read) gets 504 zoom_timeout, not a 408 blaming the client', LIMIT, async (t) => {
  const { zoom, seen } = await uploadStack(false);
  t.after(() => zoom.close());
  const total = 24 * 1024 * 1024; // more than the sockets on both sides hold
  const { req, answer } = startUpload(zoom.stack.url, total);
  req.on('error', () => undefined);
  const piece = Buffer.alloc(256 * 1024, 0x63);
  for (let sent = 0; sent < total; sent += piece.length) req.write(piece);
  const { res, body } = await answer;
  assert.equal(res.statusCode, 504);
  assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'zoom_timeout');
  // The rest of the body is still on its way: the connection cannot carry another request.
  assert.equal(res.headers.connection, 'close');
  // Zoom reads again: it finds the rest of the body missing, the proxy having let the connection go.
  seen.paused?.resume();
  await eventually(() => seen.complete === false, "Zoom's request was aborted");
  assert.ok(seen.bytes < total, `Zoom got ${seen.bytes} of ${total} bytes`);
  req.destroy();
});
