import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request, type Dispatcher } from 'undici';
import { addRecordingFiles, download, errorCode, signedLink } from '../helpers/download-client.js';
import { CANARY, stackForTest } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/**
 * Slow readers of one signed download link each hold a connection to Zoom's file host for as long
 * as they read nothing (up to downloads.idleTimeoutSeconds) or read slowly (for hours): 130 of them
 * made another user's 8 KB download wait 57 s. Now one link has at most downloads.maxConcurrentPerLink
 * downloads under way, one client key at most downloads.maxConcurrentPerClient drop-in downloads
 * (one more: `429 too_many_requests` with Retry-After), and the downloads have a pool of their own.
 * Scaled down: a pool of 3 connections per host, 2 per link.
 */
const WITHIN_MS = 3_000;
const BIG = 64 * 1024 * 1024; // far more than the sockets' buffers hold: a reader that reads nothing holds its connection

async function slowReader(url: string, agent: Dispatcher, headers: Record<string, string> = {}): Promise<Dispatcher.ResponseData> {
  const res = await request(url, { dispatcher: agent, headers });
  assert.equal(res.statusCode, 200);
  return res; // its body is not read
}

test('a link at its limit of slow readers gets 429 for more; another link downloads at once', { timeout: 30_000 }, async (t) => {
  const stack = await stackForTest(t, {
    simulator: { seed: 'empty' },
    configure: (c) => {
      c.downloads.connections = 3;
      c.downloads.maxConcurrentPerLink = 2;
    },
  });
  const agent = testAgent();
  t.after(() => agent.destroy());
  const [big, small] = addRecordingFiles(stack, { fileType: 'MP4', size: BIG }, { fileType: 'CHAT', size: 8 * 1024 });
  const link = signedLink(stack, big);
  const readers = [await slowReader(link, agent), await slowReader(link, agent)];

  const third = await download(link, { agent });
  assert.deepEqual([third.status, errorCode(third)], [429, 'too_many_requests']);
  assert.equal(third.headers['retry-after'], '1');
  assert.match(third.text, /downloads\.maxConcurrentPerLink/);

  const started = Date.now();
  const other = await download(signedLink(stack, small), { agent });
  assert.equal(other.status, 200);
  assert.equal(other.sha256, stack.sim.fileSha256(small));
  assert.ok(Date.now() - started < WITHIN_MS, `the other link took ${Date.now() - started} ms`);

  // The slow readers go away: the link may be downloaded again.
  for (const r of readers) r.body.destroy();
  let again = 0;
  for (let i = 0; i < 50 && again !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    again = (await download(link, { agent, headers: { range: 'bytes=0-1023' } })).status;
    if (again === 206) again = 200;
  }
  assert.equal(again, 200);
});

test('a client key at its limit of drop-in downloads gets 429 for more', { timeout: 30_000 }, async (t) => {
  const stack = await stackForTest(t, {
    simulator: { seed: 'empty' },
    configure: (c) => (c.downloads.maxConcurrentPerClient = 1),
  });
  const agent = testAgent();
  t.after(() => agent.destroy());
  const [big] = addRecordingFiles(stack, { fileType: 'MP4', size: BIG });
  const key = { authorization: `Bearer ${CANARY.clientKey}` };
  const url = `${stack.url}/rec/download/${big}`;
  const reader = await slowReader(url, agent, key);
  const second = await download(url, { agent, headers: key });
  assert.deepEqual([second.status, errorCode(second)], [429, 'too_many_requests']);
  assert.equal(second.headers['retry-after'], '1');
  assert.match(second.text, /downloads\.maxConcurrentPerClient/);
  // A signed link of the same file is another holder: not counted against the client key.
  const linked = await download(signedLink(stack, big), { agent, headers: { range: 'bytes=0-1023' } });
  assert.equal(linked.status, 206);
  reader.body.destroy();
});
