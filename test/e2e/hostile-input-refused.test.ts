import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import request from 'supertest';
import { CANARY, startStack } from '../helpers/start-stack.js';
import { useStack } from '../helpers/use-stack.js';

let meetingId: number;
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  meetingId = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'h@example.com' }).id }).id;
});

/** Sends bytes no well-behaved client would, and returns the status line of the answer. */
function rawAnswer(text: string, url = stack.url): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let data = '';
    socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
    socket.on('end', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

/** A raw GET of `path` with extra header lines. */
const rawStatus = (path: string, headers = '', url = stack.url): Promise<string> =>
  rawAnswer(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`, url);

test('meeting ids with traversal, encoded slashes, control characters or absurd length: 4xx, and nothing reaches Zoom', async () => {
  const before = stack.sim.seen.requests.length;
  const key = `Authorization: Bearer ${CANARY.clientKey}\r\n`;
  for (const id of ['..', '%2e%2e', `${meetingId}%2F..%2Fusers`, `${meetingId}%00`, `${meetingId}%0d%0aX-Injected:%201`, '9'.repeat(5000), `${meetingId};drop`, '-1', '0x10']) {
    const status = await rawStatus(`/start/${id}`, key);
    assert.match(status, /^HTTP\/1\.1 4\d\d /, `${id.slice(0, 40)} answered ${status}`);
  }
  for (const q of ['..%2F..%2Fmeetings', `${meetingId}%0a`, '9'.repeat(5000)]) {
    const status = await rawStatus(`/obf?meeting_id=${q}&token=${CANARY.botToken}`);
    assert.match(status, /^HTTP\/1\.1 400 /, q.slice(0, 40));
  }
  assert.equal(stack.sim.seen.requests.length, before, 'Zoom was never asked');
});

test('absurdly long credentials are refused quickly: signature, client key, bot token', async () => {
  const huge = 'A'.repeat(8000);
  await request(stack.url).get(`/start/${meetingId}?exp=9999999999&sig=${huge}`).expect(403);
  await request(stack.url).get(`/start/${meetingId}`).set('authorization', `Bearer ${huge}`).expect(401);
  await request(stack.url).get(`/zak?token=${huge}`).expect(401);
});

test('oversized request headers or request line get 431 (listen.maxHeaderBytes, 16 KiB by default), nothing reaches Zoom, the proxy keeps serving', async () => {
  const before = stack.sim.seen.requests.length;
  assert.match(await rawStatus('/healthz', `X-Big: ${'b'.repeat(20 * 1024)}\r\n`), /^HTTP\/1\.1 431 /);
  assert.match(await rawStatus(`/v2/users/${'u'.repeat(20 * 1024)}`, `Authorization: Bearer ${CANARY.clientKey}\r\n`), /^HTTP\/1\.1 431 /);
  assert.match(await rawStatus('/healthz', `X-Fits: ${'b'.repeat(12 * 1024)}\r\n`), /^HTTP\/1\.1 200 /);
  assert.equal(stack.sim.seen.requests.length, before);
  await request(stack.url).get('/healthz').expect(200);
});

test('listen.maxHeaderBytes is the limit: a smaller one refuses what the default lets through', async () => {
  const small = await startStack({ simulator: { seed: 'empty' }, configure: (c) => (c.listen.maxHeaderBytes = 2048) });
  try {
    assert.match(await rawStatus('/healthz', `X-Mid: ${'m'.repeat(4096)}\r\n`, small.url), /^HTTP\/1\.1 431 /);
  } finally {
    await small.close();
  }
});

test('repeated query parameters are not a way around the checks', async () => {
  const link = await request(stack.url).get(`/start/${meetingId}`).set('authorization', `Bearer ${CANARY.clientKey}`).set('accept', 'application/json').expect(200);
  const url = new URL((link.body as { start_url: string }).start_url);
  const exp = url.searchParams.get('exp');
  const sig = url.searchParams.get('sig');
  await request(stack.url).get(`/start/${meetingId}?exp=${exp}&exp=${exp}&sig=${sig}`).expect(403);
  await request(stack.url).get(`/start/${meetingId}?exp=${exp}&sig=${sig}&sig=${sig}`).expect(403);
  await request(stack.url).get(`/zak?token=${CANARY.botToken}&token=${CANARY.botToken}`).expect(401);
  await request(stack.url).get(`/obf?meeting_id=${meetingId}&meeting_id=1&token=${CANARY.botToken}`).expect(400);
});

test('request smuggling shapes (Content-Length with Transfer-Encoding, two lengths, odd codings, bare LF) and absolute-form targets: 4xx, nothing reaches Zoom', async () => {
  const before = stack.sim.seen.requests.length;
  const head = `POST /v2/users/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${CANARY.clientKey}\r\nConnection: close\r\n`;
  for (const text of [
    `${head}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /v2/users/me HTTP/1.1\r\nHost: x\r\n\r\n`,
    `${head}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n`,
    `${head}Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n`,
    `${head}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`,
    `GET /v2/users/me HTTP/1.1\nHost: x\nAuthorization: Bearer ${CANARY.clientKey}\nConnection: close\n\n`,
    `GET http://169.254.169.254/v2/users/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${CANARY.clientKey}\r\nConnection: close\r\n\r\n`,
  ]) {
    assert.match(await rawAnswer(text), /^HTTP\/1\.1 4\d\d /, text.slice(0, 80));
  }
  assert.equal(stack.sim.seen.requests.length, before, 'Zoom was never asked');
});
