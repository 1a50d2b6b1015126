import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, metricValue, signedLink, simulatorSettled } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const SIZE = 6 * 1024 * 1024 + 3;
let fileId: string;
const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: SIZE });
});

test('the file host resetting mid-body: the proxy asks Zoom again for the rest and the client gets one complete, correct file', async () => {
  const AFTER = 2 * 1024 * 1024 + 11;
  stack.sim.seen.reset();
  stack.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: AFTER, count: 1 });
  const resumed = await metricValue(stack, 'zlp_downloads_total', { outcome: 'resumed' });

  const got = await download(signedLink(stack, fileId), { agent });
  assert.equal(got.error, undefined);
  assert.equal(got.status, 200);
  assert.equal(got.length, SIZE);
  assert.equal(got.sha256, stack.sim.fileSha256(fileId));

  await simulatorSettled(stack);
  const [first, again] = stack.sim.seen.requests.filter((r) => r.kind === 'cdn');
  assert.deepEqual(first?.response, { status: 200, bodyBytes: AFTER, complete: false });
  assert.equal(again?.headers.range, `bytes=${AFTER}-${SIZE - 1}`);
  assert.equal(again?.headers['if-range'], got.headers.etag, 'guarded by the ETag');
  assert.equal(again?.response?.status, 206);
  const web = stack.sim.seen.requests.filter((r) => r.kind === 'web');
  assert.equal(web.length, 2, 'the resume went through Zoom\'s URL again (a fresh pre-signed URL)');
  assert.match(String(web[1]?.headers.authorization), /^Bearer /);
  assert.equal(await metricValue(stack, 'zlp_downloads_total', { outcome: 'resumed' }), resumed + 1);
  assert.ok(stack.logs.lines().some((l) => l.msg === 'download resumed' && l.from === AFTER), 'each resume is logged');
});

test('a ranged download resumes within its range', async () => {
  stack.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: 100_000, count: 2 });
  const got = await download(signedLink(stack, fileId), { agent, headers: { range: 'bytes=1000-999999' } });
  assert.equal(got.status, 206);
  assert.equal(got.headers['content-range'], `bytes 1000-999999/${SIZE}`);
  assert.equal(got.length, 999_000);
  assert.equal(got.sha256, stack.sim.fileSha256(fileId, { start: 1000, end: 999_999 }));
  const ranges = stack.sim.seen.requests.filter((r) => r.kind === 'cdn').slice(-3).map((r) => r.headers.range);
  assert.deepEqual(ranges, ['bytes=1000-999999', 'bytes=101000-999999', 'bytes=201000-999999']);
});

test('resets beyond downloads.maxResumes: the client connection is aborted, never ended short as if complete', async () => {
  const { maxResumes } = stack.config.downloads;
  stack.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: 300_000, count: maxResumes + 1 });
  const failed = await metricValue(stack, 'zlp_downloads_total', { outcome: 'failed' });
  const got = await download(signedLink(stack, fileId), { agent });
  assert.equal(got.status, 200);
  assert.equal(got.headers['content-length'], String(SIZE));
  assert.ok(got.error, 'the client sees the break');
  assert.equal(got.length, 300_000 * (maxResumes + 1));
  assert.equal(await metricValue(stack, 'zlp_downloads_total', { outcome: 'failed' }), failed + 1);
  stack.sim.faults.clear();
});
