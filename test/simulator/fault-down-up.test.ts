import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();

test('down refuses connections (ECONNREFUSED), even on a kept-alive socket; up comes back on the same port', async () => {
  const token = await h.accessToken(); // leaves a kept-alive connection in the agent
  const url = `${h.sim.apiUrl}/users/me`;
  await h.sim.faults.down();
  await assert.rejects(
    request(url, { headers: { authorization: `Bearer ${token}` }, dispatcher: h.agent }),
    (err: Error & { code?: string }) => ['ECONNREFUSED', 'UND_ERR_SOCKET', 'ECONNRESET'].includes(String(err.code)),
  );
  await assert.rejects(request(url, { headers: { authorization: `Bearer ${token}` }, dispatcher: h.agent }), { code: 'ECONNREFUSED' });
  await h.sim.faults.down(); // idempotent
  await h.sim.faults.up();
  await h.sim.faults.up();
  const res = await h.get(url, { authorization: `Bearer ${token}` });
  assert.equal(res.status, 200, 'same URL, and tokens survive (state, not the socket)');
});

test('down leaves the CDN up', async () => {
  await h.sim.faults.down();
  try {
    const res = await h.get(`${h.sim.cdnUrl}/file/x`);
    assert.equal(res.status, 403);
  } finally {
    await h.sim.faults.up();
  }
});
