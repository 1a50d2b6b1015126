import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { viaProxy } from '../helpers/passthrough.js';

/**
 * Zoom resets a kept-alive connection just as the proxy reuses it (a reset is a socket error in
 * undici, not its 'other side closed'): an idempotent request with nothing to stream is sent once
 * more on a new connection; a POST is not, since Zoom may have acted on it. That retry and the one
 * after a 401 code 124 (a fresh token) are independent: one request may need both.
 */

const INVALID_TOKEN = '{"code":124,"message":"Invalid access token."}';

/** A hand-written Zoom that numbers the requests on each of its connections (`seen`: "GET #2"); `answer` runs once a request's body is in. */
async function zoomNumberingConnections(t: TestContext, answer: (n: number, req: IncomingMessage, res: ServerResponse) => void) {
  const served = new WeakMap<Socket, number>();
  const seen: string[] = [];
  const { stack, agent } = await zoomApiForTest(t, (req, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    seen.push(`${req.method} #${n}`);
    req.resume();
    req.on('end', () => answer(n, req, res));
  });
  return { stack, agent, seen };
}

const found = (res: ServerResponse): void => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"u1"}');
const invalidToken = (res: ServerResponse): void => void res.writeHead(401, { 'content-type': 'application/json' }).end(INVALID_TOKEN);

test('a request reset on a reused connection before any answer: GET sent again (200), POST not (502)', async (t) => {
  const { stack, agent, seen } = await zoomNumberingConnections(t, (n, req, res) => {
    if (n === 2) return void req.socket.resetAndDestroy(); // the second request on any connection
    found(res);
  });

  assert.equal((await viaProxy(stack, agent, 'GET', '/users/u1')).status, 200);
  assert.equal((await viaProxy(stack, agent, 'GET', '/users/u1')).status, 200, 'reset on the reused connection, then sent again');
  assert.deepEqual(seen, ['GET #1', 'GET #2', 'GET #1']);

  assert.equal((await viaProxy(stack, agent, 'GET', '/users/u1')).status, 200);
  const post = await viaProxy(stack, agent, 'POST', '/users/u1/meetings', { headers: { 'content-type': 'application/json' }, body: '{"topic":"x"}' });
  assert.equal(post.status, 502);
  assert.deepEqual(seen.slice(3), ['GET #2', 'GET #1', 'POST #2'], 'the POST went to Zoom once');
});

test('a reset on a reused connection, then a 401 code 124 on the new one: the request still gets its fresh token and retry', async (t) => {
  const auth: string[] = [];
  const { stack, agent } = await zoomNumberingConnections(t, (_n, req, res) => {
    const all = auth.push(req.headers.authorization ?? '');
    if (all === 2) return void req.socket.destroy(); // the kept-alive connection Zoom had dropped
    if (all === 3) return invalidToken(res);
    found(res);
  });

  assert.equal((await viaProxy(stack, agent, 'GET', '/users/u1')).status, 200); // leaves a kept-alive connection
  const res = await viaProxy(stack, agent, 'GET', '/users/u1');
  assert.equal(res.status, 200, `answered ${res.status} ${res.text}`);
  assert.equal(auth.length, 4, 'sent again after the reset, then once more with a fresh token');
  assert.notEqual(auth[3], auth[2], 'the last try carried a new token');
});

test('a 124, then the retry meets a connection Zoom had dropped: it is sent once more, not a 502', async (t) => {
  const { stack, agent, seen } = await zoomNumberingConnections(t, (n, req, res) => {
    if (n === 2) return invalidToken(res);
    if (n === 3) return void req.socket.resetAndDestroy(); // Zoom dropped the kept-alive connection meanwhile
    found(res);
  });

  assert.equal((await viaProxy(stack, agent, 'GET', '/users/u1')).status, 200);
  const res = await viaProxy(stack, agent, 'GET', '/users/u1');
  assert.equal(res.status, 200, `${res.status} ${res.text}; Zoom saw ${JSON.stringify(seen)}`);
  assert.deepEqual(seen, ['GET #1', 'GET #2', 'GET #3', 'GET #1']);
});
