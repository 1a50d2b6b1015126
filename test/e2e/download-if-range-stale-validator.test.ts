import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, signedLink } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

let fileId: string;
const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  [fileId] = addRecordingFiles(stack, { fileType: 'M4A', size: 1_500_000 });
});

test('If-Range with the current ETag or Last-Modified: 206; with a stale one (the file changed): the whole new file as 200', async () => {
  const first = await download(signedLink(stack, fileId), { agent });
  const etag = String(first.headers.etag);
  const lastModified = String(first.headers['last-modified']);
  for (const validator of [etag, lastModified]) {
    const fresh = await download(signedLink(stack, fileId), { agent, headers: { range: 'bytes=1000-', 'if-range': validator } });
    assert.equal(fresh.status, 206, validator);
    assert.equal(fresh.sha256, stack.sim.fileSha256(fileId, { start: 1000, end: 1_499_999 }));
  }

  stack.clock.advance(5_000);
  stack.sim.faults.changeFile(fileId);
  for (const validator of [etag, lastModified]) {
    const stale = await download(signedLink(stack, fileId), { agent, headers: { range: 'bytes=1000-', 'if-range': validator } });
    assert.equal(stale.status, 200, validator);
    assert.notEqual(stale.headers.etag, etag);
    assert.equal(stale.length, 1_500_000);
    assert.equal(stale.sha256, stack.sim.fileSha256(fileId), 'the new version, whole');
    assert.notEqual(stale.sha256, first.sha256);
  }
  const sent = stack.sim.seen.requests.filter((r) => r.kind === 'cdn').at(-1);
  assert.equal(sent?.headers['if-range'], lastModified, 'If-Range reached the file host as the client sent it');
});
