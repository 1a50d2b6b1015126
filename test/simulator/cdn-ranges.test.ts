import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ seed: 'empty' });
const host = h.sim.addUser({ email: 'rec@example.com' });
const meeting = h.sim.addMeeting({ hostId: host.id });
const SIZE = 3 * 1024 * 1024 + 12_345; // several blocks and a short last one
const recording = h.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: SIZE }, { fileType: 'M4A', size: 1000 }] });
const mp4 = recording.files[0]!;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function cdnUrl(fileId = mp4.id): Promise<string> {
  const res = await h.get(`${h.sim.webUrl}/rec/download/${fileId}`, { authorization: `Bearer ${await h.accessToken()}` });
  assert.equal(res.status, 302);
  return String(res.headers.location);
}

test('the whole file: 200 with Zoom CDN headers and the bytes fileSha256 predicts', async () => {
  const res = await h.get(await cdnUrl());
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'video/mp4');
  assert.equal(res.headers['content-length'], String(SIZE));
  assert.equal(res.headers['accept-ranges'], 'bytes');
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="GMT\d{8}-\d{6}_Recording\.mp4"$/);
  assert.match(String(res.headers.etag), /^"[^"]+"$/);
  assert.ok(!Number.isNaN(Date.parse(String(res.headers['last-modified']))));
  assert.equal(res.body.length, SIZE);
  assert.equal(sha(res.body), h.sim.fileSha256(mp4.id));
  assert.equal(res.body.subarray(4, 8).toString('latin1'), 'ftyp', 'looks like an MP4');
});

test('Range a-b, a- and -n answer 206 with Content-Range and the right bytes', async () => {
  const url = await cdnUrl();
  const cases: Array<[string, number, number]> = [
    ['bytes=0-99', 0, 99],
    ['bytes=262100-262200', 262_100, 262_200], // across a block boundary
    [`bytes=${SIZE - 10}-`, SIZE - 10, SIZE - 1],
    ['bytes=-500', SIZE - 500, SIZE - 1],
    [`bytes=100-${SIZE + 1000}`, 100, SIZE - 1], // an end past the file is clamped
  ];
  for (const [range, start, end] of cases) {
    const res = await h.get(url, { range });
    assert.equal(res.status, 206, range);
    assert.equal(res.headers['content-range'], `bytes ${start}-${end}/${SIZE}`);
    assert.equal(res.headers['content-length'], String(end - start + 1));
    assert.equal(sha(res.body), h.sim.fileSha256(mp4.id, { start, end }), range);
  }
});

test('ranges concatenate to the whole file (what a resumed download does)', async () => {
  const url = await cdnUrl();
  const a = await h.get(url, { range: 'bytes=0-1000000' });
  const b = await h.get(url, { range: 'bytes=1000001-' });
  assert.equal(sha(Buffer.concat([a.body, b.body])), h.sim.fileSha256(mp4.id));
});

test('an unsatisfiable range is 416 with Content-Range bytes */size', async () => {
  const url = await cdnUrl();
  for (const range of [`bytes=${SIZE}-`, 'bytes=-0']) {
    const res = await h.get(url, { range });
    assert.equal(res.status, 416, range);
    assert.equal(res.headers['content-range'], `bytes */${SIZE}`);
  }
});

test('a malformed or multi-range header is ignored: the whole file', async () => {
  const url = await cdnUrl();
  for (const range of ['bytes=10-5', 'items=0-5', 'bytes=0-1,5-6']) {
    const res = await h.get(url, { range });
    assert.equal(res.status, 200, range);
    assert.equal(res.body.length, SIZE);
  }
});

test('If-Range with the current ETag or date gives 206; a stale one gives the whole file', async () => {
  const url = await cdnUrl();
  const head = await h.send('HEAD', url);
  const etag = String(head.headers.etag);
  const lastModified = String(head.headers['last-modified']);
  assert.equal((await h.get(url, { range: 'bytes=0-9', 'if-range': etag })).status, 206);
  assert.equal((await h.get(url, { range: 'bytes=0-9', 'if-range': lastModified })).status, 206);
  assert.equal((await h.get(url, { range: 'bytes=0-9', 'if-range': `W/${etag}` })).status, 200, 'weak never matches');

  h.now.ms += 5_000;
  h.sim.faults.changeFile(mp4.id);
  const after = await h.send('HEAD', url);
  assert.notEqual(after.headers.etag, etag);
  assert.notEqual(after.headers['last-modified'], lastModified);
  for (const stale of [etag, lastModified]) {
    const res = await h.get(url, { range: 'bytes=0-9', 'if-range': stale });
    assert.equal(res.status, 200);
    assert.equal(res.body.length, SIZE);
    assert.equal(sha(res.body), h.sim.fileSha256(mp4.id), 'the new version');
  }
});

test('changeFile gives new bytes', async () => {
  const before = h.sim.fileSha256(recording.files[1]!.id);
  h.sim.faults.changeFile(recording.files[1]!.id);
  assert.notEqual(h.sim.fileSha256(recording.files[1]!.id), before);
});

test('HEAD has the headers and no body', async () => {
  const res = await h.send('HEAD', await cdnUrl(), { headers: { range: 'bytes=0-9' } });
  assert.equal(res.status, 206);
  assert.equal(res.headers['content-length'], '10');
  assert.equal(res.body.length, 0);
});

test('an Authorization header on the CDN is refused (400) and counted', async () => {
  const url = await cdnUrl();
  const before = h.sim.seen.cdnRequestsWithAuthorization;
  const res = await h.get(url, { authorization: `Bearer ${await h.accessToken()}` });
  assert.equal(res.status, 400);
  assert.equal(h.sim.seen.cdnRequestsWithAuthorization, before + 1);
});

test('a bad or expired signature is 403', async () => {
  const url = new URL(await cdnUrl());
  url.searchParams.set('signature', '00'.repeat(32));
  assert.equal((await h.get(url.toString())).status, 403);
  const good = await cdnUrl();
  h.now.ms += 3600_000;
  assert.equal((await h.get(good)).status, 403);
});
