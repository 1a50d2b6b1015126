import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { ZOOM_ANSWER_MAX_BYTES } from '../../src/zoom/zoom-request.js';
import { failOnEscapedErrors } from '../helpers/no-escaped-errors.js';
import { call } from '../helpers/passthrough.js';
import { CANARY, stackForTest } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/**
 * Found in review: the proxy's own Zoom calls read whole answers, so a 450 MB answer to a token
 * mint took the process from 74 MB to 1.4 GB. An answer over 1 MiB (declared or as it comes) is
 * now 502 zoom_bad_response, and its connection is closed rather than read to its end.
 */
failOnEscapedErrors();

const TOTAL = 50 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/** An OAuth endpoint of the test's own: `answer` writes each token answer; closed when the test ends. */
async function oauthServer(t: TestContext, answer: (res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
}

test('a 50 MB token answer, streamed as it is generated: 502 zoom_bad_response, and the proxy stops reading', async (t) => {
  let written = 0;
  let ended = false;
  let closedEarly = 0;
  const oauthUrl = await oauthServer(t, (res) => {
    // Valid JSON with a real access_token, so that reading it whole would have "worked".
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"access_token":"big-token","expires_in":3600,"padding":"');
    const pump = (): void => {
      while (written < TOTAL) {
        written += CHUNK.length;
        if (!res.write(CHUNK)) {
          res.once('drain', pump);
          return;
        }
      }
      ended = true;
      res.end('"}');
    };
    res.on('close', () => {
      if (!ended) closedEarly++;
    });
    pump();
  });
  const stack = await stackForTest(t, { configure: (c) => (c.zoom.oauthUrl = oauthUrl) });
  const agent = testAgent();
  t.after(() => agent.close());

  const res = await call(agent, 'GET', `${stack.url}/zak?token=${CANARY.botToken}`, { key: null });
  assert.equal(res.status, 502, res.text);
  assert.equal(res.json<{ error: { code: string } }>().error.code, 'zoom_bad_response');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(ended, false, 'the whole answer was read');
  assert.equal(closedEarly, 1, 'the connection was closed mid-answer');
  // What the socket buffers took before the proxy gave up, far from 50 MB.
  assert.ok(written < 16 * 1024 * 1024, `the server wrote ${written} bytes`);
  assert.equal(stack.sim.seen.requests.filter((r) => r.kind !== 'oauth').length, 0, 'nothing asked of Zoom with that token');
});

test('a Content-Length over 1 MiB is refused before any of the body is read', async (t) => {
  let closed = false;
  const oauthUrl = await oauthServer(t, (res) => {
    res.on('close', () => (closed = true));
    // The head only: a proxy that waits for the body times out (504) instead.
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(ZOOM_ANSWER_MAX_BYTES + 1) });
    res.flushHeaders();
  });
  const stack = await stackForTest(t, { configure: (c) => (c.zoom.oauthUrl = oauthUrl) });
  const agent = testAgent();
  t.after(() => agent.close());

  const startedAt = Date.now();
  const res = await call(agent, 'GET', `${stack.url}/zak?token=${CANARY.botToken}`, { key: null });
  assert.equal(res.status, 502, res.text);
  assert.equal(res.json<{ error: { code: string } }>().error.code, 'zoom_bad_response');
  assert.ok(Date.now() - startedAt < 1_500, 'answered at once, not after zoom.timeoutSeconds');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(closed, true, 'the connection was closed, not kept to drain the body');
});

test('an answer of exactly 1 MiB is still read', async (t) => {
  const oauthUrl = await oauthServer(t, (res) => {
    const head = '{"access_token":"big-token","expires_in":3600,"padding":"';
    const body = head + 'a'.repeat(ZOOM_ANSWER_MAX_BYTES - head.length - 2) + '"}';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  const stack = await stackForTest(t, { configure: (c) => (c.zoom.oauthUrl = oauthUrl) });
  const agent = testAgent();
  t.after(() => agent.close());
  const res = await call(agent, 'GET', `${stack.url}/readyz`, { key: null });
  assert.equal(res.status, 200, res.text);
});
