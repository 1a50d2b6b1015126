import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { viaProxy } from '../helpers/passthrough.js';

/**
 * An answer with its Content-Type twice is read by its first one, as node reads it: joined into
 * "application/json, application/json" it was not JSON to the rewriter, and the start_url went out
 * with Zoom's ZAK in it.
 */
test('a JSON answer with a repeated Content-Type is still rewritten', async (t) => {
  const { stack, agent } = await zoomApiForTest(t, (_req, res) => {
    const body = JSON.stringify({ id: 81234567890, start_url: 'https://zoom.us/s/81234567890?zak=eyJzak.eyJzak.sig' });
    res.writeHead(200, [['Content-Type', 'application/json'], ['Content-Type', 'application/json; charset=utf-8'], ['Content-Length', String(Buffer.byteLength(body))]]);
    res.end(body);
  });
  const res = await viaProxy(stack, agent, 'GET', '/meetings/81234567890');
  assert.equal(res.status, 200);
  const startUrl = res.json<{ start_url: string }>().start_url;
  assert.ok(startUrl.startsWith(`${stack.proxy.publicUrl}/start/81234567890?`), startUrl);
});
