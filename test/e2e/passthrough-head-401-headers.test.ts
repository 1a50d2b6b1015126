import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { viaProxy } from '../helpers/passthrough.js';

/**
 * A HEAD that Zoom answers 401 (as every request with a refused token is): the client gets Zoom's
 * status and header fields as Zoom sent them, like any other HEAD answer, Content-Length included
 * (the length the GET's body would have, RFC 9110 section 9.3.2), not a made-up `0`.
 */
test("a HEAD answered 401 keeps Zoom's Content-Length", async (t) => {
  const body = '{"code":4711,"message":"Invalid access token, does not contain scopes."}';
  const { stack, agent } = await zoomApiForTest(t, (req, res) => {
    res.writeHead(req.url?.endsWith('/other') ? 403 : 401, { 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length, 'x-zm-trackingid': 'v=2.0;rid=HEAD_401' });
    res.end(); // node sends no body for HEAD
  });
  // Any other status to a HEAD: Zoom's headers as they are.
  const other = await viaProxy(stack, agent, 'HEAD', '/users/other');
  assert.equal(other.status, 403);
  assert.equal(other.headers['content-length'], String(body.length));

  const res = await viaProxy(stack, agent, 'HEAD', '/users/me');
  assert.equal(res.status, 401);
  assert.equal(res.headers['x-zm-trackingid'], 'v=2.0;rid=HEAD_401');
  assert.equal(res.headers['content-length'], String(body.length));
});
