import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();

test('fail answers the status with a Zoom-style JSON error, count times', async () => {
  h.sim.faults.fail({ match: { kind: 'api' }, status: 503, count: 2 });
  for (let i = 0; i < 2; i++) {
    const res = await h.api('/users/me');
    assert.equal(res.status, 503);
    assert.deepEqual(res.json(), { code: 503, message: 'Service Unavailable' });
    assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
  }
  assert.equal((await h.api('/users/me')).status, 200);
});

test('on OAuth the error has OAuth\'s shape', async () => {
  h.sim.faults.fail({ match: { kind: 'oauth' }, status: 500, count: 1 });
  await assert.rejects(h.accessToken(), /500 \{"reason":"Internal Server Error","error":"server_error"\}/);
});

test('code and message may be chosen; the CDN and web host can fail too', async () => {
  h.sim.faults.fail({ match: { method: 'GET', path: `/v2/meetings/${DEMO.meetings.aliceScheduled}` }, status: 400, code: 3000, message: 'Cannot access meeting info.' });
  const res = await h.api(`/meetings/${DEMO.meetings.aliceScheduled}`);
  assert.deepEqual([res.status, res.json()], [400, { code: 3000, message: 'Cannot access meeting info.' }]);
  h.sim.faults.fail({ match: { kind: 'cdn' }, status: 502 });
  const dl = await h.get(`${h.sim.webUrl}/rec/download/${DEMO.recordings.aliceScheduled.files.cc}`, { authorization: `Bearer ${await h.accessToken()}` });
  assert.equal(dl.status, 302);
  assert.equal((await h.get(String(dl.headers.location))).status, 502);
  h.sim.faults.clear();
  assert.equal((await h.get(String(dl.headers.location))).status, 200);
});
