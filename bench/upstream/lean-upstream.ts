/**
 * A lean stand-in for Zoom, so the upstream is not what a benchmark measures: the routes the
 * workloads call, answered from prebuilt buffers, and counters of the mints the cold burst checks.
 * Two servers in one process, as Zoom's hosts are two: the main one (OAuth, REST, web) and the file
 * host (CDN) that recording downloads redirect to, on another loopback address.
 *
 * Main: `POST /oauth/token`, `GET /v2/users/{u}/token?type=zak`, `GET /v2/meetings/{id}`,
 * `GET /v2/users/{u}/meetings`, `GET /rec/download/{file}` (302 to the CDN; needs a Bearer token),
 * and `GET /file/{bytes}.mp4` (the bytes themselves, for plain passthrough proxies that follow no
 * redirect). CDN: `GET /file/{bytes}.mp4`, refused with any Authorization header (S3 refuses two
 * auth mechanisms: a proxy leaking its token past the redirect shows up as errors).
 * Admin: `GET /__bench/stats`, `POST /__bench/reset`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_HOST, BENCH_MEETING_ID, fakeJwt, meetingJson, meetingListJson, zakFor } from './zoom-bodies.js';
import { fileSizeOf, serveFile } from './serve-file.js';

export interface UpstreamStats {
  oauthMints: number;
  zakMints: number;
  requests: number;
}

export interface LeanUpstream {
  mainUrl: string;
  cdnUrl: string;
  stats(): UpstreamStats;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' } as const;
const MEETING_PATH = /^\/v2\/meetings\/(\d{1,19})$/;
const TOKEN_PATH = /^\/v2\/users\/[^/]+\/token$/;
const LIST_PATH = /^\/v2\/users\/[^/]+\/meetings$/;
const DOWNLOAD_PATH = /^\/rec\/download\/(\d{1,13}\.mp4)$/;

function sendJson(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { ...JSON_HEADERS, 'content-length': body.length }).end(body);
}

function zoomError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, Buffer.from(JSON.stringify({ code, message })));
}

function listen(server: Server, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve(`http://${host}:${(server.address() as AddressInfo).port}`);
    });
  });
}

/** Keep-alive long enough that no pool reconnects during a run. */
function tune(server: Server): Server {
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  return server;
}

export async function startLeanUpstream(options: { host?: string; cdnHost?: string } = {}): Promise<LeanUpstream> {
  const stats: UpstreamStats = { oauthMints: 0, zakMints: 0, requests: 0 };
  const startedAt = Date.now();
  let cdnUrl = '';
  let webUrl = '';
  let meetingBody = Buffer.alloc(0);
  let listBody = Buffer.alloc(0);
  const otherMeetings = new Map<string, Buffer>();
  const startUrlZak = zakFor(BENCH_HOST.id, startedAt);

  function meeting(id: string): Buffer {
    if (id === String(BENCH_MEETING_ID)) return meetingBody;
    let body = otherMeetings.get(id);
    if (!body) {
      body = Buffer.from(meetingJson(webUrl, Number(id), startUrlZak, startedAt));
      if (otherMeetings.size < 100_000) otherMeetings.set(id, body);
    }
    return body;
  }

  function main(req: IncomingMessage, res: ServerResponse): void {
    stats.requests += 1;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const bearer = (req.headers.authorization ?? '').startsWith('Bearer ');

    if (req.method === 'POST' && path === '/oauth/token') {
      req.resume();
      req.once('end', () => {
        stats.oauthMints += 1;
        const token = fakeJwt({ aid: 'bEnChAcCoUnT', exp: Math.floor(Date.now() / 1000) + 3600, n: stats.oauthMints });
        sendJson(res, 200, Buffer.from(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 3600, scope: 'user:read:zak:admin meeting:read:admin', api_url: webUrl })));
      });
      return;
    }
    if (path === '/__bench/stats') return sendJson(res, 200, Buffer.from(JSON.stringify(stats)));
    if (path === '/__bench/reset' && req.method === 'POST') {
      stats.oauthMints = 0;
      stats.zakMints = 0;
      stats.requests = 0;
      return void res.writeHead(204).end();
    }
    const file = fileSizeOf(path);
    if (file !== undefined) return serveFile(req, res, file);
    if (path.startsWith('/v2/') && !bearer) return zoomError(res, 401, 124, 'Invalid access token.');

    let match = MEETING_PATH.exec(path);
    if (match?.[1] !== undefined) return sendJson(res, 200, meeting(match[1]));
    if (LIST_PATH.test(path)) return sendJson(res, 200, listBody);
    if (TOKEN_PATH.test(path)) {
      if (!url.includes('type=zak')) return zoomError(res, 400, 300, 'The bench upstream mints ZAKs only.');
      stats.zakMints += 1;
      return sendJson(res, 200, Buffer.from(JSON.stringify({ token: zakFor(BENCH_HOST.id, Date.now()) })));
    }
    match = DOWNLOAD_PATH.exec(path);
    if (match?.[1] !== undefined) {
      if (!bearer) return zoomError(res, 401, 124, 'Invalid access token.');
      const location = `${cdnUrl}/file/${match[1]}?Expires=${Math.floor(Date.now() / 1000) + 60}&Signature=bench`;
      return void res.writeHead(302, { location, 'content-length': 0 }).end();
    }
    zoomError(res, 404, 1001, 'Not found in the bench upstream.');
  }

  function cdn(req: IncomingMessage, res: ServerResponse): void {
    stats.requests += 1;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.headers.authorization !== undefined) {
      return void res.writeHead(400, { 'content-type': 'application/xml' }).end('<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>');
    }
    const size = fileSizeOf(path);
    if (size === undefined) return void res.writeHead(404).end();
    serveFile(req, res, size);
  }

  const mainServer = tune(createServer(main));
  const cdnServer = tune(createServer(cdn));
  webUrl = await listen(mainServer, options.host ?? '127.0.0.1');
  cdnUrl = await listen(cdnServer, options.cdnHost ?? '127.0.0.2');
  meetingBody = Buffer.from(meetingJson(webUrl, BENCH_MEETING_ID, startUrlZak, startedAt));
  listBody = Buffer.from(meetingListJson(webUrl, startUrlZak, startedAt));

  return {
    mainUrl: webUrl,
    cdnUrl,
    stats: () => ({ ...stats }),
    close: async () => {
      const closed = [mainServer, cdnServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      mainServer.closeAllConnections();
      cdnServer.closeAllConnections();
      await Promise.all(closed);
    },
  };
}
