import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { stackWithZoomApi } from '../helpers/custom-zoom.js';
import { eventually } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';

/**
 * A client that stops reading a streamed /v2 answer: the proxy buffers no more than the streams'
 * high-water marks, and once nothing has been read for `zoom.timeoutSeconds` it cuts the client off
 * and lets Zoom's connection go (undici's own body timeout sleeps while a body is paused).
 */
test('a client that stops reading a large streamed answer is cut off after zoom.timeoutSeconds, and Zoom is let go', async (t) => {
  const SIZE = 256 * 1024 * 1024; // far more than the sockets' buffers hold
  const piece = Buffer.alloc(64 * 1024, 0x61);
  let zoomSent = 0;
  let zoomFinished: boolean | undefined;
  const zoom = await stackWithZoomApi(
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': SIZE });
      const more = (): void => {
        while (zoomSent < SIZE) {
          zoomSent += piece.length;
          if (!res.write(piece)) return void res.once('drain', more);
        }
        res.end();
      };
      res.once('close', () => (zoomFinished = res.writableFinished));
      more();
    },
    { configure: (c) => (c.zoom.timeoutSeconds = 0.4) },
  );
  t.after(() => zoom.close());
  const stack = zoom.stack;

  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(`${stack.url}/v2/big`, { headers: { authorization: `Bearer ${CANARY.clientKey}` }, agent: false }, resolve);
    req.on('error', reject);
    req.end();
  });
  assert.equal(res.statusCode, 200);
  res.pause();
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // read nothing
  let received = 0;
  await assert.rejects(async () => {
    for await (const chunk of res) received += (chunk as Buffer).length;
  }, 'the proxy closed the connection');
  assert.ok(received < SIZE, `${received} of ${SIZE} bytes`);
  assert.ok(zoomSent < SIZE / 4, `Zoom was asked for no more than the buffers hold (${zoomSent} bytes)`);
  await eventually(() => zoomFinished === false, "Zoom's answer was abandoned, not read to its end");
});
