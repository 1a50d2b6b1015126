import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { after, before, test } from 'node:test';
import { stackWithZoomApi } from '../helpers/custom-zoom.js';
import { viaProxy } from '../helpers/passthrough.js';
import { CANARY, type Stack } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';

/**
 * Header hygiene both ways, against a stand-in Zoom API that shows what it received and answers with
 * connection-specific fields of its own (the simulator still mints the OAuth token).
 */
let stack: Stack;
let zoom: Awaited<ReturnType<typeof stackWithZoomApi>>;
let received: IncomingHttpHeaders[] = [];
const receivedRaw: string[][] = [];
const agent = useAgent();

before(async () => {
  zoom = await stackWithZoomApi((req, res) => {
    received.push(req.headers);
    receivedRaw.push(req.rawHeaders);
    req.resume();
    // A meeting carries a start_url, so its answer is rewritten (framing redone); the rest streams as sent.
    const body = req.url?.startsWith('/v2/meetings/') ? '{"id":85746065,"start_url":"https://zoom.us/s/85746065?zak=eyJ0"}' : '{}';
    req.on('end', () => {
      res.writeHead(200, [
        'Content-Type', 'application/json;charset=UTF-8',
        'x-zm-trackingid', 'v=2.0;clid=us05;rid=WEB_header_test',
        'Connection', 'keep-alive, X-Hop-Secret',
        'X-Hop-Secret', 'must not pass',
        'Keep-Alive', 'timeout=77',
        'Proxy-Authenticate', 'Basic',
        'Upgrade', 'h2c',
        'Link', '</v2/users?page=2>; rel="next"',
        'Link', '</v2/users?page=9>; rel="last"',
        'Set-Cookie', 'a=1; Path=/',
        'X-RateLimit-Remaining', '41',
        'X-RateLimit-Category', 'Light',
        'Content-Length', String(body.length),
      ]);
      res.end(body);
    });
  });
  stack = zoom.stack;
});
after(() => zoom.close());

/**
 * `GET /v2/users/me` with these fields besides the client key, sent with node:http (undici refuses to
 * send hop-by-hop fields at all); resolves with the fields Zoom received.
 */
async function sentRaw(headers: Record<string, string>): Promise<IncomingHttpHeaders | undefined> {
  received = [];
  await new Promise<void>((resolve, reject) => {
    const req = httpRequest(`${stack.url}/v2/users/me`, { headers: { authorization: `Bearer ${CANARY.clientKey}`, ...headers }, agent: false });
    req.on('response', (res) => res.resume().on('end', resolve));
    req.on('error', reject);
    req.end();
  });
  return received[0];
}

test("the client's Authorization never reaches Zoom: the proxy's own Zoom token does; Host is Zoom's", async () => {
  received = [];
  const res = await viaProxy(stack, agent, 'GET', '/users/me', { headers: { 'x-app': 'kept' } });
  assert.equal(res.status, 200);
  const [seen] = received;
  assert.ok(seen);
  assert.match(String(seen.authorization), /^Bearer \S+$/);
  assert.ok(!String(seen.authorization).includes(CANARY.clientKey));
  const zoomToken = String(seen.authorization).slice(7);
  assert.ok(stack.sim.seen.requests.some((r) => r.kind === 'oauth'), 'the token came from the OAuth endpoint');
  assert.notEqual(zoomToken, CANARY.clientKey);
  assert.equal(seen.host, new URL(stack.config.zoom.apiUrl).host);
  assert.equal(seen['x-app'], 'kept', 'end-to-end fields pass');
  assert.ok(!receivedRaw[0]?.some((v) => v.includes(CANARY.clientKey)));
});

test('hop-by-hop fields and those the client names in Connection are not forwarded', async () => {
  const seen = await sentRaw({
    connection: 'keep-alive, x-client-hop',
    'x-client-hop': 'private to this hop',
    'keep-alive': 'timeout=9',
    'proxy-authorization': 'Basic c2VjcmV0',
    te: 'trailers',
    'x-end-to-end': 'yes',
  });
  for (const name of ['x-client-hop', 'keep-alive', 'proxy-authorization', 'te']) assert.equal(seen?.[name], undefined, name);
  assert.notEqual(seen?.connection, 'keep-alive, x-client-hop');
  assert.equal(seen?.['x-end-to-end'], 'yes');
});

test("Zoom's hop-by-hop fields and those its Connection names do not come back; the rest does, duplicates kept", async () => {
  const res = await viaProxy(stack, agent, 'GET', '/users/me');
  for (const name of ['x-hop-secret', 'proxy-authenticate', 'upgrade']) assert.equal(res.headers[name], undefined, name);
  assert.notEqual(res.headers['keep-alive'], 'timeout=77', "the proxy's own keep-alive, not Zoom's");
  assert.deepEqual(res.headers['link'], ['</v2/users?page=2>; rel="next"', '</v2/users?page=9>; rel="last"']);
  assert.equal(res.headers['set-cookie'], undefined, "Zoom's cookie is Zoom's origin's, not the proxy's (passthrough-zoom-cookies-and-hsts-dropped)");
  assert.equal(res.headers['x-ratelimit-remaining'], '41');
  assert.equal(res.headers['x-zm-trackingid'], 'v=2.0;clid=us05;rid=WEB_header_test');
  assert.equal(res.headers['content-length'], '2');
  assert.equal(res.text, '{}');
  const line = stack.logs.lines().findLast((l) => l.msg === 'request' && l.route === 'passthrough');
  assert.equal(line?.trackingId, 'v=2.0;clid=us05;rid=WEB_header_test', 'the tracking id is in the request log line');
});

test("Zoom's header names keep their spelling, order and repeats on the wire, streamed or rewritten (http-proxy and undici's parsed headers lowercase them)", async () => {
  for (const path of ['/users/me', '/meetings/85746065']) {
    const raw = await new Promise<string[]>((resolve, reject) => {
      const req = httpRequest(`${stack.url}/v2${path}`, { headers: { authorization: `Bearer ${CANARY.clientKey}` }, agent: false }, (res) => {
        res.resume().on('end', () => resolve(res.rawHeaders));
      });
      req.on('error', reject);
      req.end();
    });
    const names = raw.filter((_, i) => i % 2 === 0);
    const zoomNames = names.filter((n) => /^(?:x-zm-|x-ratelimit-|link$)/i.test(n));
    assert.deepEqual(zoomNames, ['x-zm-trackingid', 'Link', 'Link', 'X-RateLimit-Remaining', 'X-RateLimit-Category'], path);
    assert.equal(names[0], 'Content-Type', path);
  }
});

test('method-override fields are not forwarded: Zoom acts on the method the proxy checked', async () => {
  const seen = await sentRaw({ 'x-http-method-override': 'DELETE', 'X-HTTP-Method': 'DELETE', 'x-method-override': 'DELETE' });
  for (const name of ['x-http-method-override', 'x-http-method', 'x-method-override']) assert.equal(seen?.[name], undefined, name);
});
