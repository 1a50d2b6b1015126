import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, signedLink } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const SIZE = 3 * 1024 * 1024 + 12_345;
let fileId: string;
let link: string;
const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: SIZE });
  link = signedLink(stack, fileId);
});

test('Range a-b, a- and -n: 206 with Content-Range, Content-Length and exactly those bytes', async () => {
  const cases: Array<[string, number, number]> = [
    ['bytes=0-99', 0, 99],
    ['bytes=262100-262200', 262_100, 262_200],
    [`bytes=${SIZE - 10}-`, SIZE - 10, SIZE - 1],
    ['bytes=-500', SIZE - 500, SIZE - 1],
    [`bytes=100-${SIZE + 1000}`, 100, SIZE - 1],
    ['bytes = 5 - 9', 5, 9], // spaces tolerated, sent on canonically
  ];
  for (const [range, start, end] of cases) {
    const got = await download(link, { agent, headers: { range } });
    assert.equal(got.status, 206, range);
    assert.equal(got.headers['content-range'], `bytes ${start}-${end}/${SIZE}`, range);
    assert.equal(got.headers['content-length'], String(end - start + 1), range);
    assert.equal(got.sha256, stack.sim.fileSha256(fileId, { start, end }), range);
  }
});

test('a range past the end: 416 with Content-Range bytes */size, and no body from Zoom', async () => {
  const got = await download(link, { agent, headers: { range: `bytes=${SIZE}-` } });
  assert.equal(got.status, 416);
  assert.equal(got.headers['content-range'], `bytes */${SIZE}`);
  assert.equal(got.length, 0);
});

test('several ranges, or a malformed one, get the whole file as 200 (RFC 9110 lets a server ignore Range)', async () => {
  for (const range of ['bytes=0-1,5-6', 'bytes=abc', 'items=0-5']) {
    const got = await download(link, { agent, headers: { range } });
    assert.equal(got.status, 200, range);
    assert.equal(got.sha256, stack.sim.fileSha256(fileId), range);
  }
  const forwarded = stack.sim.seen.requests.filter((r) => r.kind === 'cdn').slice(-3).map((r) => r.headers.range);
  assert.deepEqual(forwarded, [undefined, undefined, undefined], 'only one well-formed range is forwarded');
});

test('two ranges concatenate to the whole file', async () => {
  const cut = 1_000_001;
  const a = await download(link, { agent, headers: { range: `bytes=0-${cut - 1}` } });
  const b = await download(link, { agent, headers: { range: `bytes=${cut}-` } });
  assert.equal(a.length + b.length, SIZE);
  assert.equal(a.sha256, stack.sim.fileSha256(fileId, { start: 0, end: cut - 1 }));
  assert.equal(b.sha256, stack.sim.fileSha256(fileId, { start: cut, end: SIZE - 1 }));
});
