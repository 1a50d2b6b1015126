/**
 * For a client limited to some users, the answer's scope check and the rewrite's bounds come from one
 * pass (the field extractor's): an answer with more links than `passthrough.rewriteMaxLinks` still
 * has its host checked before anything is sent, then goes to the client as Zoom sent it, logged.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { viaProxy } from '../helpers/passthrough.js';
import { ALICE, CANARY } from '../helpers/start-stack.js';

const links = Array.from({ length: 5 }, (_, i) => `{"start_url":"https://zoom.us/s/${1000 + i}"}`).join(',');
const meetingOf = (hostId: string): Buffer => Buffer.from(`{"id":1000,"host_id":"${hostId}","occurrences":[${links}]}`);

/** Zoom: a user look-up answers for alice (id A1) and bob (B1); any meeting is the one `meetingOf(host)`. */
function zoomWith(host: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const user = /^\/v2\/users\/(\w+)$/.exec(req.url ?? '')?.[1];
    const body = user !== undefined ? Buffer.from(JSON.stringify({ id: user, email: user === 'A1' ? ALICE : 'bob@example.com' })) : meetingOf(host);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  };
}

const overLines = (logs: { lines(): Array<Record<string, unknown>> }) => logs.lines().filter((l) => l.limit === 'links');

test("a link-dense answer of the client's own user: passed on untouched, and logged", async (t) => {
  const { stack, agent } = await zoomApiForTest(t, zoomWith('A1'), { configure: (c) => (c.passthrough.rewriteMaxLinks = 4) });
  const res = await viaProxy(stack, agent, 'GET', '/meetings/1000', { key: CANARY.scopedKey });
  assert.equal(res.status, 200);
  assert.ok(res.body.equals(meetingOf('A1')), 'the bytes Zoom sent');
  assert.equal(overLines(stack.logs).length, 1);
});

test('a link-dense answer of another user: 403, nothing of it sent', async (t) => {
  const { stack, agent } = await zoomApiForTest(t, zoomWith('B1'), { configure: (c) => (c.passthrough.rewriteMaxLinks = 4) });
  const res = await viaProxy(stack, agent, 'GET', '/meetings/1000', { key: CANARY.scopedKey });
  assert.equal(res.status, 403);
  assert.ok(!res.text.includes('zoom.us/s/'), res.text);
});
