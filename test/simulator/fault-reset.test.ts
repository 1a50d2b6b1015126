import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { request } from 'undici';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
const m4a = DEMO.recordings.aliceScheduled.files.m4a;

test('reset without afterBytes drops the connection before any header', async () => {
  h.sim.faults.reset({ match: { kind: 'api' }, count: 1 });
  const token = await h.accessToken();
  await assert.rejects(
    request(`${h.sim.apiUrl}/users/me`, { headers: { authorization: `Bearer ${token}` }, dispatcher: h.agent }),
    (err: Error & { code?: string }) => ['ECONNRESET', 'UND_ERR_SOCKET'].includes(String(err.code)),
  );
  assert.equal((await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` })).status, 200);
});

test('reset with afterBytes: headers, exactly that many body bytes, then the connection dies mid-transfer; Range resumes', async () => {
  const location = String((await h.get(`${h.sim.webUrl}/rec/download/${m4a}`, { authorization: `Bearer ${await h.accessToken()}` })).headers.location);
  const AFTER = 1024 * 1024 + 7;
  h.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: AFTER, count: 1 });
  const res = await request(location, { dispatcher: h.agent });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-length'], '6291469');
  const chunks: Buffer[] = [];
  await assert.rejects(async () => {
    for await (const chunk of res.body) chunks.push(chunk as Buffer);
  });
  const got = Buffer.concat(chunks);
  assert.equal(got.length, AFTER);
  // Resume where it broke, as downloaders of multi-GB files do.
  const rest = await h.get(location, { range: `bytes=${AFTER}-` });
  assert.equal(rest.status, 206);
  const sha = createHash('sha256').update(got).update(rest.body).digest('hex');
  assert.equal(sha, h.sim.fileSha256(m4a));
});

/** Everything the server writes on one connection for one raw request, until it closes. */
function rawExchange(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(head));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

test('reset afterBytes 0 sends the headers only, then closes', async () => {
  h.sim.faults.reset({ match: { kind: 'api' }, afterBytes: 0, count: 1 });
  const token = await h.accessToken();
  const { host } = new URL(h.sim.apiUrl);
  const wire = await rawExchange(h.sim.apiUrl, `GET /v2/users/me HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
  assert.match(wire, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(wire, /\r\ncontent-length: [1-9]\d*\r\n/i);
  assert.ok(wire.endsWith('\r\n\r\n'), 'no body byte after the headers');
});
