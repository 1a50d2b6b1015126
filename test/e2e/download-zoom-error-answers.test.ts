import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { addRecordingFiles, download, errorCode, metricValue, signedLink } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

let fileId: string;
const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  [fileId] = addRecordingFiles(stack, { fileType: 'M4A', size: 1000 });
});
afterEach(() => stack.sim.faults.clear());

test('a file Zoom does not know (its 404 page): 404 recording_not_found, not the page', async () => {
  const got = await download(signedLink(stack, 'no-such-file'), { agent });
  assert.deepEqual([got.status, errorCode(got)], [404, 'recording_not_found']);
  assert.doesNotMatch(got.text, /<html/i);
});

test('Zoom failing (500): 502 zoom_error', async () => {
  stack.sim.faults.fail({ match: { kind: 'web' }, status: 500 });
  const got = await download(signedLink(stack, fileId), { agent });
  assert.deepEqual([got.status, errorCode(got)], [502, 'zoom_error']);
  assert.ok((await metricValue(stack, 'zlp_downloads_total', { outcome: 'failed' })) >= 1);
});

test('Zoom rate-limiting: 429 zoom_rate_limited with Zoom\'s Retry-After', async () => {
  stack.sim.faults.rateLimit({ match: { kind: 'web' }, retryAfter: '7' });
  const got = await download(signedLink(stack, fileId), { agent });
  assert.deepEqual([got.status, errorCode(got), got.headers['retry-after']], [429, 'zoom_rate_limited', '7']);
});

test('Zoom unreachable: 502 zoom_unreachable', async () => {
  await stack.sim.faults.down();
  try {
    const got = await download(signedLink(stack, fileId), { agent });
    assert.deepEqual([got.status, errorCode(got)], [502, 'zoom_unreachable']);
  } finally {
    await stack.sim.faults.up();
  }
});

test('the file host refusing the pre-signed URL (403): asked once more from Zoom, then 502 zoom_download_denied', async () => {
  stack.sim.faults.fail({ match: { kind: 'cdn' }, status: 403 });
  stack.sim.seen.reset();
  const got = await download(signedLink(stack, fileId), { agent });
  assert.deepEqual([got.status, errorCode(got)], [502, 'zoom_download_denied']);
  assert.equal(stack.sim.seen.requests.filter((r) => r.kind === 'cdn').length, 2);
  assert.equal(stack.sim.seen.oauthMints, 0, 'the token was not to blame: kept');
});
