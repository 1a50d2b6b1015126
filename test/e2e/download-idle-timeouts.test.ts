import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, errorCode, signedLink } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

// Zoom's silence is watched coarsely (a tick every half idle time), so the cut comes after 1 to 1.5
// times the value: 1 s keeps these tests short and their margins wide.
const SIZE = 2 * 1024 * 1024;
let fileId: string;
const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' }, configure: (c) => (c.downloads.idleTimeoutSeconds = 1) }, () => {
  [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: SIZE });
});

test('Zoom silent before its headers for longer than idleTimeoutSeconds: 504 zoom_timeout', async () => {
  stack.sim.faults.delay({ match: { kind: 'web' }, headersMs: 10_000, count: 1 });
  const got = await download(signedLink(stack, fileId), { agent });
  assert.deepEqual([got.status, errorCode(got)], [504, 'zoom_timeout']);
});

test('the file host going silent mid-body: given up after the idle timeout and resumed, the client gets the whole file', async () => {
  stack.sim.seen.reset();
  stack.sim.faults.delay({ match: { kind: 'cdn' }, afterBytes: 500_000, bodyMs: 10_000, count: 1 });
  const started = Date.now();
  const got = await download(signedLink(stack, fileId), { agent });
  assert.equal(got.error, undefined);
  assert.equal(got.sha256, stack.sim.fileSha256(fileId));
  assert.ok(Date.now() - started < 8_000, 'it did not wait for the file host to wake up');
  const ranges = stack.sim.seen.requests.filter((r) => r.kind === 'cdn').map((r) => r.headers.range);
  assert.ok(ranges.length >= 2, 'resumed');
  assert.match(String(ranges[1]), /^bytes=\d+-2097151$/);
});
