import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
const INVALID = { code: 124, message: 'Invalid access token.' };

test('a Bearer token works and the answer carries Zoom headers', async () => {
  const token = await h.accessToken();
  const res = await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
  assert.match(String(res.headers['x-zm-trackingid']), /\S{16,}/);
  const again = await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` });
  assert.notEqual(again.headers['x-zm-trackingid'], res.headers['x-zm-trackingid']);
});

test('no token, an unknown token or a Basic header get 124', async () => {
  const cases: Array<Record<string, string>> = [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic Zm9vOmJhcg==' }];
  for (const headers of cases) {
    const res = await h.get(`${h.sim.apiUrl}/users/me`, headers);
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), INVALID);
    assert.ok(res.headers['x-zm-trackingid']);
  }
});

test('a token in the query string gets 124 (header only since Feb 2023)', async () => {
  const token = await h.accessToken();
  const res = await h.get(`${h.sim.apiUrl}/users/me?access_token=${token}`);
  assert.equal(res.status, 401);
  assert.deepEqual(res.json(), INVALID);
});

test('invalidateAccessTokens kills every token issued so far, not later ones', async () => {
  const old = await h.accessToken();
  h.sim.faults.invalidateAccessTokens();
  const res = await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${old}` });
  assert.deepEqual([res.status, res.json()], [401, INVALID]);
  const fresh = await h.accessToken();
  assert.equal((await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${fresh}` })).status, 200);
});

test('an unknown route is a Zoom 404 error', async () => {
  const res = await h.api('/no/such/route');
  assert.equal(res.status, 404);
  assert.equal(res.json().code, 300);
});

test('accessTokenTtlSeconds sets expires_in and the expiry', async (t) => {
  const short = await harness({ accessTokenTtlSeconds: 60, seed: 'empty' }, (fn) => t.after(fn));
  short.sim.addUser({ email: 'solo@example.com' });
  const token = await short.accessToken();
  short.now.ms += 59_000;
  assert.equal((await short.get(`${short.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` })).status, 200);
  short.now.ms += 1_000;
  assert.equal((await short.get(`${short.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` })).status, 401);
});
