import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
const MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';

test('rateLimit: matching API calls get Zoom\'s 429 with every rate-limit header', async () => {
  const token = await h.accessToken();
  h.sim.faults.rateLimit({ match: { path: '/v2/users/me' }, count: 1 });
  const res = await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` });
  assert.equal(res.status, 429);
  assert.deepEqual(res.json(), { code: 429, message: MESSAGE });
  assert.equal(res.headers['retry-after'], '1');
  assert.equal(res.headers['x-ratelimit-category'], 'Light', 'the route\'s own category');
  assert.equal(res.headers['x-ratelimit-type'], 'QPS');
  assert.equal(res.headers['x-ratelimit-limit'], '30');
  assert.equal(res.headers['x-ratelimit-remaining'], '0');
  assert.ok(res.headers['x-zm-trackingid']);
  assert.equal((await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` })).status, 200, 'count used up');
});

test('category, type and Retry-After can be chosen; a RegExp path and a method narrow the match', async () => {
  h.sim.faults.rateLimit({ match: { method: 'GET', path: /\/recordings$/ }, category: 'Heavy', type: 'Daily-limit', retryAfter: '120' });
  const res = await h.api('/users/me/recordings');
  assert.equal(res.status, 429);
  assert.equal(res.headers['x-ratelimit-category'], 'Heavy');
  assert.equal(res.headers['x-ratelimit-type'], 'Daily-limit');
  assert.equal(res.headers['retry-after'], '120');
  assert.equal((await h.api('/users/me')).status, 200);
  h.sim.faults.clear();
  assert.equal((await h.api('/users/me/recordings')).status, 200);
});

test('by default it limits API calls only, not OAuth, and lasts until clear()', async () => {
  h.sim.faults.rateLimit();
  const token = await h.accessToken();
  for (let i = 0; i < 3; i++) assert.equal((await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` })).status, 429);
  h.sim.faults.clear();
  assert.equal((await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` })).status, 200);
});

test("enforceRateLimits: Zoom's per-second limits per category, counted on the clock, until turned off", async () => {
  await h.accessToken();
  h.now.ms = Math.ceil(h.now.ms / 1000) * 1000 + 10_000; // the start of a second nobody used
  h.sim.faults.enforceRateLimits(true);
  try {
    const light = await Promise.all(Array.from({ length: 32 }, () => h.api('/users/me')));
    assert.deepEqual(light.map((a) => a.status).filter((s) => s === 429).length, 2, 'Light: 30 a second');
    const limited = light.find((a) => a.status === 429);
    assert.equal(limited?.headers['x-ratelimit-type'], 'QPS');
    assert.equal(limited?.headers['x-ratelimit-category'], 'Light');
    assert.equal(limited?.headers['retry-after'], '1');
    // Another category has its own count; the next second starts again.
    assert.equal((await h.api('/users/me/meetings')).status, 200, 'Medium is counted apart');
    h.now.ms += 1000;
    assert.equal((await h.api('/users/me')).status, 200, 'a new second');
  } finally {
    h.sim.faults.enforceRateLimits(false);
  }
  const after = await Promise.all(Array.from({ length: 40 }, () => h.api('/users/me')));
  assert.ok(after.every((a) => a.status === 200), 'off again');
});
