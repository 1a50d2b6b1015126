/**
 * docs/contract.md, `/start/{meetingId}`: "answers 302 to the meeting's own start URL (its host and
 * path ...)". docs/zoom.md: a start_url's host is zoom.us, a regional usNNweb.zoom.us, a vanity subdomain
 * or zoomgov. The simulator writes every start_url on its own webUrl, where "the meeting's host" and
 * `zoom.webUrl` are the same: found in review, redirecting to `zoom.webUrl` always passed every
 * simulator-backed test. Here a Zoom API answers like a regional account.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { call } from '../helpers/passthrough.js';

function zak(uid: string): string {
  const b = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b({ uid, iat: 1, exp: 4_000_000_000 })}.sig`;
}

test('/start redirects to the regional host of the meeting\'s start_url, not to zoom.webUrl', async (t) => {
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path === '/v2/meetings/85012345678') {
      return json(200, { id: 85012345678, host_id: 'H1', host_email: 'h1@example.com', type: 2, start_url: `https://us05web.zoom.us/s/85012345678?zak=${zak('H1')}` });
    }
    if (path === '/v2/users/H1/token') return json(200, { token: zak('H1') });
    json(404, { code: 3001, message: 'nope' });
  };
  const { stack, agent } = await zoomApiForTest(t, handle);
  const res = await call(agent, 'GET', `${stack.url}/start/85012345678`);
  assert.equal(res.status, 302);
  const location = new URL(String(res.headers.location));
  assert.equal(location.origin, 'https://us05web.zoom.us');
  assert.equal(location.pathname, '/s/85012345678');
});
