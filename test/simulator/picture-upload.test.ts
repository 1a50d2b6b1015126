import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
const url = `${h.sim.apiUrl}/users/${DEMO.users.alice.id}/picture`;

async function upload(body: Buffer, type = 'multipart/form-data; boundary=x') {
  const res = await h.send('POST', url, { headers: { authorization: `Bearer ${await h.accessToken()}`, 'content-type': type }, body: body as unknown as string });
  return { res, seen: h.sim.seen.requests.at(-1) };
}

test('a binary upload is answered 201 and recorded by length and sha256', async () => {
  const bytes = randomBytes(300_000);
  const { res, seen } = await upload(bytes);
  assert.equal(res.status, 201);
  assert.equal(seen?.bodyLength, bytes.length);
  assert.equal(seen?.bodySha256, createHash('sha256').update(bytes).digest('hex'));
});

test('over 2 MB, or not multipart, is refused with 400 as Zoom does', async () => {
  assert.equal((await upload(randomBytes(2 * 1024 * 1024 + 1))).res.status, 400);
  assert.equal((await upload(randomBytes(10), 'application/octet-stream')).res.status, 400);
});
