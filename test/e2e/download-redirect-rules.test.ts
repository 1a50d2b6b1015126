import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { download, errorCode } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * Redirect shapes the simulator does not make, from a tiny upstream of our own on the Zoom web host's
 * address (127.0.0.1) and the CDN's (127.0.0.2), both in the test's zoom.downloadHosts.
 */
interface Hit {
  path: string;
  authorization: string | undefined;
}

const agent = useAgent();
const hits: Hit[] = [];
const servers: Server[] = [];
let zoomOrigin = '';
let cdnOrigin = '';

function listen(host: string, route: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    hits.push({ path: req.url ?? '', authorization: req.headers.authorization });
    route(req, res);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)));
}

const stack = useStack({ simulator: { seed: 'empty' } }, async () => {
  cdnOrigin = await listen('127.0.0.2', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"timeline":[]}');
  });
  zoomOrigin = await listen('127.0.0.1', (req, res) => {
    const path = req.url ?? '';
    if (path.startsWith('/loop')) return void res.writeHead(302, { location: `/loop${Number(path.slice(5) || 0) + 1}` }).end();
    if (path === '/relative') return void res.writeHead(302, { location: 'hop/../same-origin' }).end();
    if (path === '/same-origin') return void res.writeHead(302, { location: `${cdnOrigin}/timeline.json` }).end();
    if (path === '/json-error') return void res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end('{"code":124,"message":"Invalid access token."}');
    if (path === '/no-location') return void res.writeHead(302).end();
    if (path === '/javascript') return void res.writeHead(302, { location: 'javascript:alert(1)' }).end();
    if (path.startsWith('/to?')) return void res.writeHead(302, { location: new URLSearchParams(path.slice(4)).get('u') ?? '' }).end();
    if (path === '/userinfo') return void res.writeHead(302, { location: `http://user:pw@${cdnOrigin.slice(7)}/timeline.json` }).end();
    res.writeHead(404).end();
  });
});
after(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const link = (path: string): string => stack.proxy.services.sideOf().links.downloadLink(`${zoomOrigin}${path}`);

test('a relative Location is resolved against the current URL; the token rides only on Zoom\'s own origin; JSON from the file host is the file', async () => {
  hits.length = 0;
  const got = await download(link('/relative'), { agent });
  assert.deepEqual([got.status, got.text], [200, '{"timeline":[]}']);
  assert.deepEqual(hits.map((h) => h.path), ['/relative', '/same-origin', '/timeline.json']);
  assert.deepEqual(hits.map((h) => h.authorization?.startsWith('Bearer ') ?? false), [true, true, false]);
});

test('more redirects than downloads.maxRedirects: 502 zoom_redirect_loop after exactly that many were followed', async () => {
  hits.length = 0;
  const got = await download(link('/loop'), { agent });
  assert.deepEqual([got.status, errorCode(got)], [502, 'zoom_redirect_loop']);
  assert.equal(hits.length, stack.config.downloads.maxRedirects + 1);
});

test('JSON where Zoom\'s own host should redirect to the file is a refusal: retried once, then zoom_download_denied', async () => {
  hits.length = 0;
  const got = await download(link('/json-error'), { agent });
  assert.deepEqual([got.status, errorCode(got)], [502, 'zoom_download_denied']);
  assert.equal(hits.length, 2);
  assert.doesNotMatch(got.text, /Invalid access token/);
});

test('a redirect without Location: 502 zoom_bad_response; to a javascript: URL or with credentials in it: refused', async () => {
  assert.equal(errorCode(await download(link('/no-location'), { agent })), 'zoom_bad_response');
  hits.length = 0;
  assert.equal(errorCode(await download(link('/javascript'), { agent })), 'zoom_redirect_refused');
  assert.equal(errorCode(await download(link('/userinfo'), { agent })), 'zoom_redirect_refused');
  assert.deepEqual(hits.map((h) => h.path), ['/javascript', '/userinfo'], 'nothing was asked of the targets');
});

test('a Location at a private, link-local, loopback or unlisted address, or another scheme: 502 zoom_redirect_refused, logged, nothing asked there', async () => {
  // An upstream on ::1 (when the machine has IPv6) proves no connection is made to a refused target.
  const v6 = (await listen('::1', (_req, res) => res.end('reached')).catch(() => undefined))?.replace('//::1', '//[::1]');
  const targets = [
    'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/rec/x', 'http://192.168.1.1/', 'http://[fd00::1]/',
    `${v6 ?? 'http://[::1]:9'}/secret`, 'http://0.0.0.0/', `http://localhost:${new URL(cdnOrigin).port}/timeline.json`,
    `${stack.sim.foreignUrl}/rec/download/x`, 'file:///etc/passwd', 'ftp://127.0.0.2/x', 'data:text/plain,hi', 'gopher://127.0.0.2:70/',
  ];
  const logged = stack.logs.lines().length;
  hits.length = 0;
  for (const target of targets) {
    const got = await download(link(`/to?u=${encodeURIComponent(target)}`), { agent });
    assert.deepEqual([got.status, errorCode(got)], [502, 'zoom_redirect_refused'], target);
  }
  assert.equal(hits.length, targets.length, 'only the Zoom host was asked, once per target');
  assert.equal(stack.sim.seen.foreignHits, 0);
  assert.equal(stack.logs.lines().slice(logged).filter((l) => String(l.msg).startsWith('download redirect refused')).length, targets.length);
});
