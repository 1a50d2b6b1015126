import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { viaProxy } from '../helpers/passthrough.js';

/**
 * An answer past the rewrite's bounds (nested deeper than 64, or more links than rewriteMaxLinks) is
 * passed on untouched, but Zoom's Set-Cookie and Strict-Transport-Security are still dropped (found
 * in review: that branch wrote its headers without the origin-bound filter).
 */
const deep = `{"a":${'['.repeat(80)}1${']'.repeat(80)},"start_url":"https://zoom.us/s/85746065?zak=eyJ0"}`;
const many = `{"meetings":[${Array.from({ length: 12 }, (_, i) => `{"id":${i + 1},"start_url":"https://zoom.us/s/${i + 1}?zak=eyJ0"}`).join(',')}]}`;

function zoom(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const body = req.url === '/v2/deep' ? deep : many;
  res.writeHead(200, [
    'Content-Type', 'application/json',
    'Set-Cookie', 'cred=ABC; Path=/; HttpOnly',
    'Strict-Transport-Security', 'max-age=31536000; includeSubDomains',
    'Content-Length', String(Buffer.byteLength(body)),
  ]);
  res.end(body);
}

test('an answer past the rewrite bounds still drops Zoom\'s Set-Cookie and HSTS', async (t) => {
  const { stack, agent } = await zoomApiForTest(t, zoom, { configure: (c) => void (c.passthrough.rewriteMaxLinks = 10) });
  for (const path of ['/deep', '/many']) {
    const res = await viaProxy(stack, agent, 'GET', path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['set-cookie'], undefined, `${path}: Zoom's cookie reached the client`);
    assert.equal(res.headers['strict-transport-security'], undefined, `${path}: Zoom's HSTS reached the client`);
  }
});
