import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { download, errorCode, metricValue } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * Zoom's host on https redirecting the download to plain http, on a host that zoom.downloadHosts
 * allows: refused (`zoom_redirect_refused`), and nothing is asked of the http host. The same
 * redirect to https is followed, so the scheme alone is what is refused.
 *
 * A self-signed certificate for 127.0.0.1 and 127.0.0.2 that the test's proxy trusts (`zoomCa`).
 */
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtNCJp5oVc319h8+N
DRySNba+B08EVxBnVt2drw82qAShRANCAARDbnVbCbc6yfeyy9vHFLR8XVuRSZib
7AWIGyC16wz4Pn/s2t++7ZSrpoRxhBNt6yFYACyZ/e7jm9kBBcW0wk9O
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBlDCCATqgAwIBAgIUKI03YoK8cUDgtoLG17Q+aJ1v9+kwCgYIKoZIzj0EAwIw
EzERMA8GA1UEAwwIem9vbS1zaW0wIBcNMjYxMjA3MTk1NTAyWhgPMjEyNjExMTMx
OTU1MDJaMBMxETAPBgNVBAMMCHpvb20tc2ltMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEQ251Wwm3Osn3ssvbxxS0fF1bkUmYm+wFiBsgtesM+D5/7Nrfvu2Uq6aE
cYQTbeshWAAsmf3u45vZAQXFtMJPTqNqMGgwHQYDVR0OBBYEFF8nByzvdDNyOsNT
NnzjBHUsG2OuMB8GA1UdIwQYMBaAFF8nByzvdDNyOsNTNnzjBHUsG2OuMBUGA1Ud
EQQOMAyHBH8AAAGHBH8AAAIwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNI
ADBFAiEAxQo5IKhRQFVz1oUweRifZYMGPCshljURF0zpC6TM5rwCIDebip32ynMz
HEHrzeJvL7tZRlOACT6scftyZ9lxEBXR
-----END CERTIFICATE-----`;

const agent = useAgent();
const servers: Server[] = [];
/** Requests each file host received, by its origin. */
const hits: string[] = [];
let zoomOrigin = '';
let httpsCdn = '';
let httpCdn = '';

function fileHost(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '4' }).end('file');
}

async function listen(server: Server, host: string, scheme: string): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `${scheme}://${host}:${(server.address() as AddressInfo).port}`;
}

const stack = useStack({ simulator: { seed: 'empty' }, zoomCa: CERT }, async () => {
  const record = (origin: () => string, handle: (req: IncomingMessage, res: ServerResponse) => void) => (req: IncomingMessage, res: ServerResponse) => {
    hits.push(`${origin()}${req.url ?? ''}`);
    handle(req, res);
  };
  httpCdn = await listen(createHttpServer(record(() => httpCdn, fileHost)), '127.0.0.2', 'http');
  httpsCdn = await listen(createHttpsServer({ key: KEY, cert: CERT }, record(() => httpsCdn, fileHost)), '127.0.0.2', 'https');
  zoomOrigin = await listen(
    createHttpsServer({ key: KEY, cert: CERT }, record(() => zoomOrigin, (req, res) => {
      const to = req.url === '/rec/download/to-http' ? httpCdn : httpsCdn;
      res.writeHead(302, { location: `${to}/file?sig=presigned` }).end();
    })),
    '127.0.0.1',
    'https',
  );
});
after(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const link = (path: string): string => stack.proxy.services.sideOf().links.downloadLink(`${zoomOrigin}${path}`);

test('https to https within zoom.downloadHosts is followed (the control)', async () => {
  hits.length = 0;
  const got = await download(link('/rec/download/to-https'), { agent });
  assert.deepEqual([got.status, got.text], [200, 'file']);
  assert.deepEqual(hits, [`${zoomOrigin}/rec/download/to-https`, `${httpsCdn}/file?sig=presigned`]);
});

test('https to plain http: 502 zoom_redirect_refused for GET and HEAD, nothing asked of the http host, logged by host', async () => {
  hits.length = 0;
  const logged = stack.logs.lines().length;
  for (const method of ['GET', 'HEAD'] as const) {
    const got = await download(link('/rec/download/to-http'), { agent, method });
    assert.equal(got.status, 502, method);
    if (method === 'GET') {
      assert.equal(errorCode(got), 'zoom_redirect_refused');
      assert.match(got.text, /from https to plain http/);
    }
  }
  assert.deepEqual(hits, [`${zoomOrigin}/rec/download/to-http`, `${zoomOrigin}/rec/download/to-http`], 'only Zoom\'s https host was asked');
  const lines = stack.logs.lines().slice(logged).filter((l) => l.msg === 'download redirect refused: from https to http');
  assert.equal(lines.length, 2);
  assert.equal(lines[0]?.to, new URL(httpCdn).host, 'the host is logged, not the pre-signed URL');
  assert.ok(!JSON.stringify(lines).includes('presigned'));
  assert.equal(await metricValue(stack, 'zlp_downloads_total', { outcome: 'redirect_refused' }), 2);
});
