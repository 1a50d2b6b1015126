/**
 * Found in review: a fresh host ZAK went to whatever host Zoom's stored `start_url` named
 * (`https://evil.example/s/1` became `https://evil.example/s/1?zak=NEWZAK`), and mode `fresh-zak`
 * chose whose ZAK to mint from the `uid` claim of the ZAK already in the URL, which nobody can
 * verify. Now only hosts in `zoom.startHosts` receive a ZAK, and whose ZAK is minted comes from the
 * meeting's own `host_id`.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { call } from '../helpers/passthrough.js';

function zak(uid: string): string {
  const b = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b({ uid, iat: 1, exp: 4_000_000_000 })}.sig`;
}

const EVIL = `https://evil.example/s/85012345678?zak=${zak('H1')}`;

/** A Zoom API of meetings keyed by id; every ZAK mint is noted. */
function zoomWith(meetings: Record<string, Record<string, unknown>>, minted: string[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const meeting = /^\/v2\/meetings\/(\d+)$/.exec(path);
    if (meeting && meetings[meeting[1] as string]) return json(200, meetings[meeting[1] as string]);
    const token = /^\/v2\/users\/([^/]+)\/token$/.exec(path);
    if (token) {
      minted.push(token[1] as string);
      return json(200, { token: zak(token[1] as string) });
    }
    json(404, { code: 3001, message: 'nope' });
  };
}

test('/start of a meeting whose start_url is on evil.example: 302 to {zoom.webUrl}/s/{id} with the ZAK, the host logged', async (t) => {
  const minted: string[] = [];
  const handle = zoomWith({ '85012345678': { id: 85012345678, host_id: 'H1', type: 2, start_url: EVIL } }, minted);
  const { stack, agent } = await zoomApiForTest(t, handle);
  const res = await call(agent, 'GET', `${stack.url}/start/85012345678`);
  assert.equal(res.status, 302);
  const location = new URL(String(res.headers.location));
  assert.equal(location.origin, new URL(stack.config.zoom.webUrl).origin);
  assert.equal(location.pathname, '/s/85012345678');
  assert.equal(location.searchParams.get('zak'), zak('H1'));
  assert.deepEqual(minted, ['H1']);
  assert.ok(!String(res.headers.location).includes('evil'), 'the ZAK never goes to evil.example');
  const line = stack.logs.lines().find((l) => l.msg === 'start_url names a host outside zoom.startHosts: redirecting to zoom.webUrl instead');
  assert.equal(line?.host, 'evil.example');
  assert.ok(!stack.logs.text().includes(zak('H1')), 'no ZAK in the log');
});

test('fresh-zak: a start_url on a host outside zoom.startHosts is left as Zoom wrote it, logged, and no ZAK is minted for it', async (t) => {
  const minted: string[] = [];
  const handle = zoomWith({ '85012345678': { id: 85012345678, host_id: 'H1', type: 2, start_url: EVIL } }, minted);
  const { stack, agent } = await zoomApiForTest(t, handle, { configure: (c) => (c.links.startUrls = 'fresh-zak') });
  const res = await call(agent, 'GET', `${stack.url}/v2/meetings/85012345678`);
  assert.equal(res.status, 200);
  assert.equal(res.json().start_url, EVIL);
  assert.deepEqual(minted, []);
  const line = stack.logs.lines().find((l) => l.reason === 'start_host_refused');
  assert.match(String((line?.err as { message?: string } | undefined)?.message), /evil\.example/);
  assert.ok(!stack.logs.text().includes(EVIL), 'the host is logged, never the URL with its ZAK');
});

test("fresh-zak: the ZAK minted is the meeting's host_id's, not the uid in the old ZAK", async (t) => {
  const minted: string[] = [];
  const handle = zoomWith(
    { '85012345678': { id: 85012345678, host_id: 'H2', type: 2, start_url: `https://us05web.zoom.us/s/85012345678?zak=${zak('H1')}` } },
    minted,
  );
  const { stack, agent } = await zoomApiForTest(t, handle, { configure: (c) => (c.links.startUrls = 'fresh-zak') });
  const res = await call(agent, 'GET', `${stack.url}/v2/meetings/85012345678`);
  assert.equal(res.status, 200);
  const startUrl = new URL(String(res.json().start_url));
  assert.equal(startUrl.origin, 'https://us05web.zoom.us');
  assert.equal(startUrl.searchParams.get('zak'), zak('H2'));
  assert.deepEqual(minted, ['H2']);
});
