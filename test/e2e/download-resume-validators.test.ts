import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { download } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * No client ever gets bytes of two versions of a recording as one clean answer (found in review,
 * three ways). A file host of our own on the Zoom web host's address (127.0.0.1, in the test's
 * zoom.downloadHosts) serves two versions of one file; each route shapes the validators differently.
 */
const SIZE = 200_000;
const v1 = Buffer.alloc(SIZE, 0x31); // '1' bytes
const v2 = Buffer.alloc(SIZE, 0x32); // '2' bytes
const V2_SHA256 = createHash('sha256').update(v2).digest('hex');
const LAST_MODIFIED = 'Wed, 01 Jan 2025 00:00:00 GMT';

let server: Server;
let origin = '';
const agent = useAgent();
const seen: Array<{ path: string; range?: string; ifRange?: string }> = [];

function parseRange(h: string | undefined): [number, number] | undefined {
  const m = /^bytes=(\d+)-(\d*)$/.exec(h ?? '');
  return m ? [Number(m[1]), m[2] === '' ? SIZE - 1 : Number(m[2])] : undefined;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '';
  seen.push({ path, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
  const range = parseRange(req.headers.range);
  if (path === '/weak-etag') {
    // First request: version 1 with a weak ETag, broken off after half. Later: version 2, new weak ETag,
    // same Last-Modified second (a re-upload within the same second), honouring If-Range by date.
    const first = seen.filter((s) => s.path === path).length === 1;
    if (first) {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': SIZE, etag: 'W/"v1"', 'last-modified': LAST_MODIFIED });
      res.write(v1.subarray(0, SIZE / 2), () => setTimeout(() => res.socket?.destroy(), 50));
      return;
    }
    const dateHolds = req.headers['if-range'] === LAST_MODIFIED;
    if (range && dateHolds) {
      res.writeHead(206, { 'content-type': 'video/mp4', 'content-length': range[1] - range[0] + 1, 'content-range': `bytes ${range[0]}-${range[1]}/${SIZE}`, etag: 'W/"v2"', 'last-modified': LAST_MODIFIED });
      res.end(v2.subarray(range[0], range[1] + 1));
      return;
    }
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': SIZE, etag: 'W/"v2"', 'last-modified': LAST_MODIFIED });
    res.end(v2);
    return;
  }
  if (path === '/ignores-if-range') {
    // A CDN that honours Range but drops If-Range (as CloudFront can): the file is now version 2.
    if (range) {
      res.writeHead(206, { 'content-type': 'video/mp4', 'content-length': range[1] - range[0] + 1, 'content-range': `bytes ${range[0]}-${range[1]}/${SIZE}`, etag: '"v2"', 'last-modified': 'Thu, 02 Jan 2025 00:00:00 GMT' });
      res.end(v2.subarray(range[0], range[1] + 1));
      return;
    }
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': SIZE, etag: '"v2"', 'last-modified': 'Thu, 02 Jan 2025 00:00:00 GMT' });
    res.end(v2);
    return;
  }
  if (path === '/honours-if-range') {
    // A well-behaved file host whose (long) strong ETag is the current version's; it honours If-Range.
    const etag = `"${'2'.repeat(240)}"`;
    if (range && (req.headers['if-range'] === undefined || req.headers['if-range'] === etag)) {
      res.writeHead(206, { 'content-type': 'video/mp4', 'content-length': range[1] - range[0] + 1, 'content-range': `bytes ${range[0]}-${range[1]}/${SIZE}`, etag });
      res.end(v2.subarray(range[0], range[1] + 1));
      return;
    }
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': SIZE, etag });
    res.end(v2);
    return;
  }
  res.writeHead(404).end();
}

const stack = useStack({ simulator: { seed: 'empty' } }, async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const link = (path: string): string => stack.proxy.services.sideOf().links.downloadLink(`${origin}${path}`);

test('a resume after a reset never splices two versions: a weak ETag that changed means the file changed', async () => {
  const got = await download(link('/weak-etag'), { agent });
  const resume = seen.filter((s) => s.path === '/weak-etag')[1];
  assert.ok(resume, 'the proxy resumed');
  const body1 = got.length;
  // What the client got must never be half version 1 and half version 2 ending cleanly.
  const mixed = got.error === undefined && got.length === SIZE;
  assert.ok(!mixed, `the response ended cleanly with ${body1} bytes of two versions (resume sent If-Range: ${resume.ifRange})`);
});

test('a client\'s own If-Range is honoured even when the file host ignores it: no 206 of another version', async () => {
  // The client has the first half of version 1 ("v1") and resumes with If-Range: "v1".
  const got = await download(link('/ignores-if-range'), { agent, headers: { range: `bytes=${SIZE / 2}-`, 'if-range': '"v1"' } });
  assert.notEqual(got.status, 206, `a 206 of ETag ${String(got.headers.etag)} went out for If-Range "v1": the client splices version 2 onto version 1`);
  assert.deepEqual([got.status, got.length, got.sha256], [200, SIZE, V2_SHA256], 'the whole current file instead');
});

test('an If-Range the proxy will not forward does not turn the request into an unconditional Range', async () => {
  // The client holds the first half of version 1, whose (long) ETag it got from this very proxy.
  const oldEtag = `"${'1'.repeat(240)}"`;
  const got = await download(link('/honours-if-range'), { agent, headers: { range: `bytes=${SIZE / 2}-`, 'if-range': oldEtag } });
  const sent = seen.filter((s) => s.path === '/honours-if-range').at(-1);
  assert.notEqual(got.status, 206, `206 of the new version: the file host got Range ${sent?.range} with If-Range ${String(sent?.ifRange)}`);
  assert.deepEqual([got.status, got.length, got.sha256], [200, SIZE, V2_SHA256], 'the whole current file instead');
});
