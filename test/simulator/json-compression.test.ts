import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ compressJson: true });
const off = await harness();

async function meeting(accept: string | undefined, sim = h) {
  const headers: Record<string, string> = { authorization: `Bearer ${await sim.accessToken()}` };
  if (accept !== undefined) headers['accept-encoding'] = accept;
  return sim.get(`${sim.sim.apiUrl}/meetings/${DEMO.meetings.aliceScheduled}`, headers);
}

const decoders = { gzip: zlib.gunzipSync, br: zlib.brotliDecompressSync, deflate: zlib.inflateSync } as const;

test('JSON answers come gzip, br or deflate as Accept-Encoding allows, and decode to the same JSON', async () => {
  for (const [accept, coding] of [['gzip, deflate, br', 'gzip'], ['br', 'br'], ['deflate', 'deflate'], ['gzip;q=0, br', 'br'], ['*', 'gzip'], ['x-gzip', 'gzip']] as const) {
    const res = await meeting(accept);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], coding, accept);
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(Number(res.headers['content-length']), res.body.length);
    const json = JSON.parse(decoders[coding](res.body).toString('utf8')) as { id: number };
    assert.equal(json.id, DEMO.meetings.aliceScheduled);
  }
});

test('no Accept-Encoding, only identity, or compressJson off: the JSON as it is', async () => {
  for (const [accept, sim] of [[undefined, h], ['identity', h], ['gzip, br', off]] as const) {
    const res = await meeting(accept, sim);
    assert.equal(res.headers['content-encoding'], undefined, String(accept));
    assert.equal(res.json<{ id: number }>().id, DEMO.meetings.aliceScheduled);
  }
});

test('answers that are not JSON are never compressed', async () => {
  const res = await h.get(`${h.sim.webUrl}/j/${DEMO.meetings.aliceScheduled}`, { 'accept-encoding': 'gzip' });
  assert.equal(res.headers['content-encoding'], undefined);
});
