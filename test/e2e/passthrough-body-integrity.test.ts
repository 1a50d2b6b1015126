import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { sendChunked, viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } });

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const lastApi = () => stack.sim.seen.requests.filter((r) => r.kind === 'api').at(-1);

/** A JSON meeting body of about `bytes` bytes, with non-ASCII text and escapes. */
function bigJson(bytes: number): Buffer {
  const agenda = 'Ordre du jour: café ☕, "quoted", back\\slash, 会议. '.repeat(Math.ceil(bytes / 60));
  return Buffer.from(JSON.stringify({ topic: 'Large', type: 2, agenda: agenda.slice(0, bytes) }));
}

test('JSON bodies reach Zoom byte for byte, below and above passthrough.replayMaxBytes', async () => {
  const host = stack.sim.addUser({ email: 'big@example.com' });
  for (const size of [10_000, 3 * 1024 * 1024]) {
    const body = bigJson(size);
    const res = await viaProxy(stack, agent, 'POST', `/users/${host.id}/meetings`, { headers: { 'content-type': 'application/json' }, body });
    assert.equal(res.status, 201, res.text);
    assert.equal(lastApi()?.bodyLength, body.length);
    assert.equal(lastApi()?.bodySha256, sha256(body));
  }
});

test('a binary body (a profile picture) reaches Zoom byte for byte, with a Content-Length and chunked', async () => {
  const host = stack.sim.addUser({ email: 'picture@example.com' });
  const picture = Buffer.concat([Buffer.from('--x\r\nContent-Type: image/jpeg\r\n\r\n'), randomBytes(1_500_000), Buffer.from('\r\n--x--\r\n')]);
  const res = await viaProxy(stack, agent, 'POST', `/users/${host.id}/picture`, { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: picture });
  assert.equal(res.status, 201);
  assert.equal(lastApi()?.bodySha256, sha256(picture));

  // Chunked (no Content-Length), in uneven pieces, small enough to be held for a replay and large.
  for (const size of [40_000, 1_800_000]) {
    const bytes = randomBytes(size);
    const status = await sendChunked(`${stack.url}/v2/users/${host.id}/picture`, 'POST', 'multipart/form-data; boundary=y', bytes, 7_777);
    assert.equal(status, 201);
    assert.equal(lastApi()?.bodyLength, size);
    assert.equal(lastApi()?.bodySha256, sha256(bytes));
  }
});

test('a large JSON answer comes back whole: every byte but the links', async () => {
  const host = stack.sim.addUser({ email: 'many@example.com' });
  for (let i = 0; i < 300; i++) stack.sim.addMeeting({ hostId: host.id, topic: `Meeting ${i} — ünïcödé "q" \\ ${'x'.repeat(i % 50)}` });
  const res = await viaProxy(stack, agent, 'GET', `/users/${host.id}/meetings?page_size=300`);
  assert.equal(res.status, 200);
  const list = res.json<{ meetings: Array<{ topic: string }> }>();
  assert.equal(list.meetings.length, 300);
  assert.equal(Number(res.headers['content-length']), res.body.length);
  assert.ok(list.meetings.every((m, i) => m.topic.startsWith(`Meeting ${i} — ünïcödé "q" \\`)));
});
