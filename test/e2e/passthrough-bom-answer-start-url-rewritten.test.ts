import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { viaProxy } from '../helpers/passthrough.js';

/**
 * Regression: an answer that starts with a UTF-8 byte order mark, holding a start_url without
 * `/s/{id}` (the meeting id only in the object's `id`). The link finder found the start_url, but the
 * full scan that reads the object's `id` called the document invalid: the start_url stayed Zoom's,
 * with Zoom's ZAK in it, and reached the app. Now every reader skips the mark.
 */
const ZOOM_ZAK = 'ZOOMS-OWN-ZAK-never-to-the-app-71c2';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

test('a BOM answer whose start_url has no /s/{id}: rewritten from the object id, Zoom\'s ZAK never reaches the client', async (t) => {
  const { stack, agent } = await zoomApiForTest(t, (_req, res) => {
    const meeting = { id: 85012345678, host_id: 'h1', topic: 't', start_url: `https://us05web.zoom.us/j/85012345678?zak=${ZOOM_ZAK}` };
    const body = Buffer.concat([BOM, Buffer.from(JSON.stringify(meeting))]);
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length });
    res.end(body);
  });
  const res = await viaProxy(stack, agent, 'GET', '/meetings/85012345678');
  assert.equal(res.status, 200);
  assert.ok(!res.text.includes(ZOOM_ZAK), `Zoom's ZAK reached the client: ${res.text}`);
  assert.deepEqual([...res.body.subarray(0, 3)], [...BOM], 'every other byte as Zoom sent it, the mark included');
  const startUrl = (JSON.parse(res.body.subarray(3).toString('utf8')) as { start_url: string }).start_url;
  assert.ok(startUrl.startsWith(`${stack.url}/start/85012345678?`), startUrl);
});
