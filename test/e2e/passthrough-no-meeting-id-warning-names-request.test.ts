import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { viaProxy } from '../helpers/passthrough.js';

/**
 * Regression: the warning for a start_url the proxy could not find a meeting id for named no
 * request, so it could not be matched to the call that got Zoom's start_url back. It now carries the
 * request's id (the one on its request line), the route, the method and the path.
 */
test('the no_meeting_id warning names the request: its reqId (as on the request line), route, method and path', async (t) => {
  const { stack, agent } = await zoomApiForTest(t, (_req, res) => {
    const body = JSON.stringify({ topic: 'no id here', start_url: 'https://zoom.us/j/85012345678?pwd=x' });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  const res = await viaProxy(stack, agent, 'GET', '/users/me/meetings?page_size=1');
  assert.equal(res.status, 200);
  const lines = stack.logs.lines();
  const warning = lines.find((l) => l.reason === 'no_meeting_id');
  assert.ok(warning, 'the warning was logged');
  const requestLine = lines.find((l) => l.msg === 'request' && String(l.url).startsWith('/v2/users/me/meetings'));
  assert.ok(requestLine, 'the request line was logged');
  assert.match(String(requestLine.reqId), /^[0-9a-z]{4}-[0-9a-z]+$/);
  assert.deepEqual(
    { reqId: warning.reqId, route: warning.route, method: warning.method, url: warning.url },
    { reqId: requestLine.reqId, route: 'passthrough', method: 'GET', url: '/v2/users/me/meetings?page_size=1' },
  );
});
