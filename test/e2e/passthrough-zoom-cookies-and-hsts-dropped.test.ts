import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { test, type TestContext } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { viaProxy } from '../helpers/passthrough.js';

/**
 * Zoom's `Set-Cookie` and `Strict-Transport-Security` are Zoom's origin's: on the proxy's origin a
 * client would keep Zoom's cookies for the proxy's host and pin it (and its subdomains) to https. The
 * `/v2` answers drop them on every way an answer is written, unless `passthrough.keepResponseHeaders`
 * names them.
 */
const HSTS = 'max-age=31536000; includeSubDomains';
const MEETING = '{"id":85746065,"start_url":"https://zoom.us/s/85746065?zak=eyJ0"}';

/** A stand-in Zoom API: each path one way the proxy writes an answer, each with two cookies and HSTS. */
function zoom(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const origin = ['Set-Cookie', '_zm_lang=en-US; Path=/; Secure', 'Set-Cookie', 'cred=ABC; Path=/; HttpOnly', 'Strict-Transport-Security', HSTS];
  const send = (status: number, type: string, body: Buffer | string, extra: string[] = []): void => {
    res.writeHead(status, ['Content-Type', type, ...origin, 'x-zm-trackingid', 'rid=cookies', ...extra, 'Content-Length', String(Buffer.byteLength(body))]);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const path = req.url ?? '';
  if (path === '/v2/meetings/85746065') return send(200, 'application/json', MEETING); // rewritten
  if (path === '/v2/meetings/gzip') return send(200, 'application/json', gzipSync(MEETING), ['Content-Encoding', 'gzip']); // rewritten, re-encoded
  if (path === '/v2/users/me') return send(200, 'application/json', '{"id":"u1"}'); // read, nothing to rewrite
  if (path === '/v2/report/file') return send(200, 'text/csv', 'a,b\n1,2\n'); // streamed
  if (path === '/v2/meetings/1') return send(404, 'application/json', '{"code":3001,"message":"Meeting does not exist."}'); // Zoom's error, streamed
  if (path === '/v2/users/expired') return send(401, 'application/json', '{"code":4711,"message":"Invalid access token, does not contain scopes."}'); // a 401 read whole
  send(404, 'application/json', '{}');
}

const ANSWERS: [method: string, path: string, status: number][] = [
  ['GET', '/meetings/85746065', 200],
  ['GET', '/meetings/gzip', 200],
  ['GET', '/users/me', 200],
  ['HEAD', '/users/me', 200],
  ['GET', '/report/file', 200],
  ['GET', '/meetings/1', 404],
  ['GET', '/users/expired', 401],
];

async function answers(t: TestContext, keep?: string[]) {
  const { stack, agent } = await zoomApiForTest(t, zoom, keep === undefined ? {} : { configure: (c) => void (c.passthrough.keepResponseHeaders = keep) });
  const out = [];
  for (const [method, path, status] of ANSWERS) {
    const res = await viaProxy(stack, agent, method, path, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, status, `${method} ${path}`);
    assert.equal(res.headers['x-zm-trackingid'], 'rid=cookies', `${method} ${path}: Zoom's other fields pass`);
    out.push({ what: `${method} ${path}`, cookies: res.headers['set-cookie'], hsts: res.headers['strict-transport-security'] });
  }
  return out;
}

test('by default no /v2 answer carries Zoom\'s Set-Cookie or Strict-Transport-Security, however it is written', async (t) => {
  for (const { what, cookies, hsts } of await answers(t)) {
    assert.equal(cookies, undefined, what);
    assert.equal(hsts, undefined, what);
  }
});

test('passthrough.keepResponseHeaders ["set-cookie", "strict-transport-security"] passes both, cookies repeated as Zoom sent them', async (t) => {
  for (const { what, cookies, hsts } of await answers(t, ['set-cookie', 'strict-transport-security'])) {
    assert.deepEqual(cookies, ['_zm_lang=en-US; Path=/; Secure', 'cred=ABC; Path=/; HttpOnly'], what);
    assert.equal(hsts, HSTS, what);
  }
});

test('passthrough.keepResponseHeaders ["set-cookie"] passes the cookies only: HSTS stays dropped', async (t) => {
  for (const { what, cookies, hsts } of await answers(t, ['set-cookie'])) {
    assert.equal(Array.isArray(cookies) ? cookies.length : 0, 2, what);
    assert.equal(hsts, undefined, what);
  }
});
