import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
// Long enough that "at once" (under half of it) holds on a loaded CI machine.
const DELAY = 800;
const AT_ONCE = DELAY / 2;

test('headersMs holds the answer back, once per count', async () => {
  h.sim.faults.delay({ match: { kind: 'api' }, headersMs: DELAY, count: 1 });
  const token = await h.accessToken();
  let started = performance.now();
  const res = await request(`${h.sim.apiUrl}/users/me`, { headers: { authorization: `Bearer ${token}` }, dispatcher: h.agent });
  assert.ok(performance.now() - started >= DELAY - 10, 'no headers before the delay');
  await res.body.dump();
  started = performance.now();
  assert.equal((await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` })).status, 200);
  assert.ok(performance.now() - started < AT_ONCE, 'count used up: no delay any more');
});

test('bodyMs sends the headers and the first part of the body, then waits', async () => {
  const location = String((await h.get(`${h.sim.webUrl}/rec/download/${DEMO.recordings.aliceScheduled.files.transcript}`, {
    authorization: `Bearer ${await h.accessToken()}`,
  })).headers.location);
  h.sim.faults.delay({ match: { kind: 'cdn' }, bodyMs: DELAY, afterBytes: 1000, count: 1 });
  const started = performance.now();
  const res = await request(location, { dispatcher: h.agent });
  const headersAt = performance.now() - started;
  const chunks: Buffer[] = [];
  let firstAt = 0;
  for await (const chunk of res.body) {
    if (chunks.length === 0) firstAt = performance.now() - started;
    chunks.push(chunk as Buffer);
  }
  const doneAt = performance.now() - started;
  assert.ok(headersAt < AT_ONCE, `headers came at once (${headersAt} ms)`);
  assert.ok(firstAt < AT_ONCE, `the first part came at once (${firstAt} ms)`);
  assert.ok(doneAt >= DELAY - 10, `the rest waited (${doneAt} ms)`);
  assert.equal(Buffer.concat(chunks).length, 8_205, 'and then the whole body');
});

test('a body delay applies to JSON answers too', async () => {
  const token = await h.accessToken();
  h.sim.faults.delay({ match: { path: '/v2/users/me' }, bodyMs: DELAY, count: 1 });
  const started = performance.now();
  const res = await request(`${h.sim.apiUrl}/users/me`, { headers: { authorization: `Bearer ${token}` }, dispatcher: h.agent });
  assert.equal(res.statusCode, 200);
  assert.ok(performance.now() - started < AT_ONCE, 'headers at once');
  const body = await res.body.json() as { id?: string };
  assert.ok(performance.now() - started >= DELAY - 10, 'the rest of the body after the delay');
  assert.equal(body.id, DEMO.users.alice.id, 'and the JSON is whole');
});
