import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();

test('a request whose client leaves before the answer is marked abandoned; a completed one is not', async () => {
  const token = await h.accessToken();
  await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` });
  assert.equal(h.sim.seen.requests.at(-1)?.abandoned, false);

  h.sim.faults.delay({ match: { kind: 'api' }, headersMs: 2_000, count: 1 });
  const aborter = new AbortController();
  const pending = request(`${h.sim.apiUrl}/users/me`, { headers: { authorization: `Bearer ${token}` }, dispatcher: h.agent, signal: aborter.signal });
  pending.catch(() => undefined);
  while (h.sim.seen.requests.at(-1)?.rawPath !== '/v2/users/me' || h.sim.seen.requests.length < 3) await sleep(5);
  aborter.abort();
  const seen = h.sim.seen.requests.at(-1);
  for (let i = 0; i < 200 && !seen?.abandoned; i++) await sleep(5);
  assert.equal(seen?.abandoned, true);
});
