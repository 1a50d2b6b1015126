import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { viaProxy } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';

/**
 * Found in review, another spelling of the double-decode traversal: a `..` segment with a path parameter
 * (`..;`, `..;x`, `..%3B`) is a dot segment to Tomcat/Spring-style servers (the classic `..;/`
 * normalisation). hasDotSegment used to pass it and scopeTargetOf read the user segment before it, so
 * a client limited to alice got `/v2/users/alice@example.com/..;/bob@example.com/token` (Bob's ZAK,
 * should the edge resolve it) sent to Zoom byte for byte. Now: refused (400) before Zoom.
 */
const seen: string[] = [];
function zoom(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  if ((req.url ?? '').includes('.;') || /%3b/i.test(req.url ?? '')) seen.push(req.url ?? '');
  const body = '{"token":"eyJzak"}';
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
  res.end(body);
}

test('a limited client\'s ".." with a path parameter never reaches Zoom', async (t) => {
  const { stack, agent } = await zoomApiForTest(t, zoom);
  for (const path of [
    '/users/alice@example.com/..;/bob@example.com/token',
    '/users/alice@example.com/..;x=1/bob@example.com/token',
    '/users/alice@example.com/..%3B/bob@example.com/token',
    '/users/alice@example.com/.;/..;/bob@example.com/token',
  ]) {
    seen.length = 0;
    const res = await viaProxy(stack, agent, 'GET', path, { key: CANARY.scopedKey });
    assert.deepEqual(seen, [], `${path}: forwarded to Zoom as ${seen.join(' ')} (answered ${res.status})`);
    assert.ok(res.status === 400 || res.status === 403, `${path}: ${res.status}`);
  }
});
