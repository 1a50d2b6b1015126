import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { addRecordingFiles, download, errorCode, metricValue, signedLink, simulatorSettled, testAgent } from '../helpers/download-client.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

const SIZE = 2 * 1024 * 1024;
let stack: Stack;
let fileId: string;
let bigId: string;
const agent = testAgent();
before(async () => {
  stack = await startStack({ simulator: { seed: 'empty' }, configure: (c) => (c.downloads.idleTimeoutSeconds = 0.4) });
  [fileId, bigId] = addRecordingFiles(stack, { fileType: 'MP4', size: SIZE }, { fileType: 'MP4', size: 256 * 1024 * 1024 });
});
after(async () => {
  await agent.close();
  await stack.close();
});

test('Zoom silent before its headers for longer than idleTimeoutSeconds: 504 zoom_timeout', async () => {
  stack.sim.faults.delay({ match: { kind: 'web' }, headersMs: 5_000, count: 1 });
  const got = await download(signedLink(stack, fileId), { agent });
  assert.deepEqual([got.status, errorCode(got)], [504, 'zoom_timeout']);
});

test('the file host going silent mid-body: given up after the idle timeout and resumed, the client gets the whole file', async () => {
  stack.sim.seen.reset();
  stack.sim.faults.delay({ match: { kind: 'cdn' }, afterBytes: 500_000, bodyMs: 5_000, count: 1 });
  const started = Date.now();
  const got = await download(signedLink(stack, fileId), { agent });
  assert.equal(got.error, undefined);
  assert.equal(got.sha256, stack.sim.fileSha256(fileId));
  assert.ok(Date.now() - started < 4_000, 'it did not wait for the file host to wake up');
  const ranges = stack.sim.seen.requests.filter((r) => r.kind === 'cdn').map((r) => r.headers.range);
  assert.equal(ranges.length, 2);
  assert.match(String(ranges[1]), /^bytes=\d+-2097151$/);
});

test('a long download is not cut by a total duration: a slow but steady file host streams to the end', async () => {
  // Three pauses shorter than the idle timeout add up to more than it.
  for (const afterBytes of [200_000, 800_000, 1_500_000]) {
    stack.sim.faults.delay({ match: { kind: 'cdn' }, afterBytes, bodyMs: 250, count: 1 });
  }
  const resumed = await metricValue(stack, 'zlp_downloads_total', { outcome: 'resumed' });
  const got = await download(signedLink(stack, fileId), { agent });
  assert.equal(got.sha256, stack.sim.fileSha256(fileId));
  assert.equal(await metricValue(stack, 'zlp_downloads_total', { outcome: 'resumed' }), resumed);
});

test('a client that stops reading is cut off after the idle timeout, and the file host is let go', async () => {
  const seenBefore = stack.sim.seen.requests.length;
  const res = await request(signedLink(stack, bigId), { dispatcher: agent });
  assert.equal(res.statusCode, 200);
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // read nothing
  let received = 0;
  await assert.rejects(async () => {
    for await (const chunk of res.body) received += (chunk as Buffer).length;
  }, 'the proxy closed the connection');
  assert.ok(received < 256 * 1024 * 1024);
  await simulatorSettled(stack, seenBefore);
  const cdn = stack.sim.seen.requests.slice(seenBefore).find((r) => r.kind === 'cdn');
  assert.equal(cdn?.response?.complete, false);
  assert.ok(stack.logs.lines().some((l) => l.msg === 'download client stopped reading: cut off'));
});
