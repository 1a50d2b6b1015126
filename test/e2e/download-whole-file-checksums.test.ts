import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, metricValue, signedLink } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
let files: { mp4: string; m4a: string; transcript: string; empty: string };
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  const [mp4, m4a, transcript, empty] = addRecordingFiles(
    stack,
    { fileType: 'MP4', size: 5 * 1024 * 1024 + 17 },
    { fileType: 'M4A', size: 300_001 },
    { fileType: 'TRANSCRIPT', size: 8_205 },
    { fileType: 'CHAT', size: 0 },
  );
  files = { mp4, m4a, transcript, empty };
});

test('a signed link streams each file byte for byte, with the headers that frame it', async () => {
  for (const [id, type] of [[files.mp4, 'video/mp4'], [files.m4a, 'audio/mp4'], [files.transcript, 'text/plain']] as const) {
    const got = await download(signedLink(stack, id), { agent });
    assert.equal(got.status, 200);
    assert.equal(got.error, undefined);
    assert.equal(got.sha256, stack.sim.fileSha256(id), `checksum of ${type}`);
    assert.equal(got.headers['content-type'], type);
    assert.equal(got.headers['content-length'], String(got.length));
    assert.match(String(got.headers['content-disposition']), /^attachment; filename="GMT\d{8}-\d{6}_Recording[.\w]*"$/);
    assert.equal(got.headers['accept-ranges'], 'bytes');
    assert.match(String(got.headers.etag), /^"[0-9a-f]+"$/);
    assert.ok(!Number.isNaN(Date.parse(String(got.headers['last-modified']))));
    assert.equal(got.headers['cache-control'], 'private');
  }
});

test('an empty file is an empty 200, not an error', async () => {
  const got = await download(signedLink(stack, files.empty), { agent });
  assert.deepEqual([got.status, got.length, got.headers['content-length']], [200, 0, '0']);
});

test('the bytes streamed and the downloads are counted', async () => {
  const before = await metricValue(stack, 'zlp_bytes_streamed_total');
  const ok = await metricValue(stack, 'zlp_downloads_total', { outcome: 'ok' });
  const got = await download(signedLink(stack, files.m4a), { agent });
  assert.equal(await metricValue(stack, 'zlp_bytes_streamed_total'), before + got.length);
  assert.equal(await metricValue(stack, 'zlp_downloads_total', { outcome: 'ok' }), ok + 1);
});

test('Zoom\'s other download path shapes work the same', async () => {
  for (const shape of ['/rec/archive/download/', '/rec/webhook_download/']) {
    const got = await download(signedLink(stack, files.transcript, shape), { agent });
    assert.equal(got.sha256, stack.sim.fileSha256(files.transcript), shape);
  }
});
