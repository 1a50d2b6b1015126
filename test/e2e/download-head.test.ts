import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANARY } from '../helpers/start-stack.js';
import { addRecordingFiles, download, signedLink } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

let fileId: string;
const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: 2_000_000 });
});

test('HEAD answers the file\'s headers and no body, and asks Zoom with HEAD on every hop', async () => {
  const get = await download(signedLink(stack, fileId), { agent });
  stack.sim.seen.reset();
  const head = await download(signedLink(stack, fileId), { agent, method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.length, 0);
  for (const name of ['content-type', 'content-length', 'content-disposition', 'accept-ranges', 'etag', 'last-modified']) {
    assert.equal(head.headers[name], get.headers[name], name);
  }
  assert.deepEqual(stack.sim.seen.requests.filter((r) => r.kind !== 'oauth').map((r) => [r.kind, r.method]), [['web', 'HEAD'], ['cdn', 'HEAD']]);
});

test('HEAD with Range: 206 with the range\'s headers', async () => {
  const head = await download(signedLink(stack, fileId), { agent, method: 'HEAD', headers: { range: 'bytes=10-19' } });
  assert.equal(head.status, 206);
  assert.equal(head.headers['content-range'], 'bytes 10-19/2000000');
  assert.equal(head.headers['content-length'], '10');
});

test('HEAD on the drop-in path too', async () => {
  const head = await download(`${stack.url}/rec/download/${fileId}`, { agent, method: 'HEAD', headers: { authorization: `Bearer ${CANARY.clientKey}` } });
  assert.deepEqual([head.status, head.headers['content-length']], [200, '2000000']);
});

test('HEAD of a file Zoom refuses: the same 502 as GET, no body', async () => {
  stack.sim.faults.denyFile(fileId);
  try {
    const head = await download(signedLink(stack, fileId), { agent, method: 'HEAD' });
    assert.equal(head.status, 502);
    assert.equal(head.length, 0);
  } finally {
    stack.sim.faults.clear();
  }
});
