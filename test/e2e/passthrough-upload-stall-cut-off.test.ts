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

async function uploadStack() {
  const seen = { bytes: 0, complete: undefined as boolean | undefined };
  const zoom = await stackWithZoomApi(
    (req, res) => {
      req.on('data', (chunk: Buffer) => (seen.bytes += chunk.length));
      req.on('end', () => {
        seen.complete = true;
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      req.on('close', () => (seen.complete ??= false));
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

function startUpload(url: string): { req: ClientRequest; answer: Promise<{ res: IncomingMessage; body: string }> } {
  const req = httpRequest(`${url}/v2/users/me/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CANARY.clientKey}`, 'content-type': 'application/octet-stream', 'content-length': TOTAL },
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

test('an upload that stops half way gets 408 request_timeout after zoom.timeoutSeconds, and Zoom is let go', async (t) => {
  const { zoom, seen } = await uploadStack();
  t.after(() => zoom.close());
  const { req, answer } = startUpload(zoom.stack.url);
  for (let sent = 0; sent < TOTAL / 4; sent += PIECE.length) req.write(PIECE);
  // ...and nothing more.
  const { res, body } = await answer;
  assert.equal(res.statusCode, 408);
  assert.equal(res.headers.connection, 'close');
  assert.equal(JSON.parse(body).error.code, 'request_timeout');
  assert.ok(!body.includes(CANARY.clientKey));
  await eventually(() => seen.complete === false, "Zoom's request was aborted, not completed or left open");
  assert.ok(seen.bytes < TOTAL, `Zoom got ${seen.bytes} of ${TOTAL} bytes`);
  req.destroy();
});

test('a slow upload that keeps sending is not cut off, however long it takes in all', async (t) => {
  const { zoom, seen } = await uploadStack();
  t.after(() => zoom.close());
  const { req, answer } = startUpload(zoom.stack.url);
  const pieces = TOTAL / PIECE.length;
  const started = Date.now();
  for (let i = 0; i < pieces; i++) {
    req.write(PIECE);
    // 64 pieces over ~1.3 s: longer in all than zoom.timeoutSeconds, never silent that long.
    if (i % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 160));
  }
  req.end();
  const { res, body } = await answer;
  assert.ok(Date.now() - started > 1000, 'the upload took longer than the idle limit in all');
  assert.equal(res.statusCode, 201, body);
  assert.equal(seen.complete, true);
  assert.equal(seen.bytes, TOTAL);
});
