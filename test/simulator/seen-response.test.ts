import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ seed: 'empty' });
const host = h.sim.addUser({ email: 'rec@example.com' });
const meeting = h.sim.addMeeting({ hostId: host.id });
const SIZE = 256 * 1024 * 1024; // far more than loopback buffers hold
const [big, small] = h.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: SIZE }, { fileType: 'M4A', size: 5000 }] }).files;

async function cdnUrl(fileId: string): Promise<string> {
  const res = await h.get(`${h.sim.webUrl}/rec/download/${fileId}`, { authorization: `Bearer ${await h.accessToken()}` });
  return String(res.headers.location);
}

/** Waits (on real time: the answer runs on sockets) until the last CDN request's answer is over. */
async function lastCdnResponse(): Promise<NonNullable<(typeof h.sim.seen.requests)[number]['response']>> {
  for (let i = 0; i < 200; i++) {
    const last = h.sim.seen.requests.filter((r) => r.kind === 'cdn').at(-1);
    if (last?.response) return last.response;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the CDN answer never ended');
}

test('a whole answer is recorded as complete, with the body bytes sent', async () => {
  const res = await h.get(await cdnUrl(small!.id));
  assert.equal(res.body.length, 5000);
  assert.deepEqual(await lastCdnResponse(), { status: 200, bodyBytes: 5000, complete: true });
});

test('a reset mid-body is recorded as incomplete at the bytes it let through', async () => {
  const url = await cdnUrl(small!.id);
  h.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: 1234, count: 1 });
  const res = await request(url, { dispatcher: h.agent });
  await assert.rejects(res.body.arrayBuffer());
  assert.deepEqual(await lastCdnResponse(), { status: 200, bodyBytes: 1234, complete: false });
});

test('a client that leaves stops the file host: incomplete, far short of the file', async () => {
  const res = await request(await cdnUrl(big!.id), { dispatcher: h.agent });
  let received = 0;
  for await (const chunk of res.body) {
    received += (chunk as Buffer).length;
    if (received > 1024 * 1024) break; // leaving the loop destroys the body and its connection
  }
  const answer = await lastCdnResponse();
  assert.equal(answer.complete, false);
  assert.ok(answer.bodyBytes < SIZE / 4, `sent ${answer.bodyBytes} bytes`);
});

test('HEAD is complete with no body bytes', async () => {
  const res = await h.send('HEAD', await cdnUrl(small!.id));
  assert.equal(res.status, 200);
  assert.deepEqual(await lastCdnResponse(), { status: 200, bodyBytes: 0, complete: true });
});
