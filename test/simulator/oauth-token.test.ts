import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
const { clientId, clientSecret, accountId } = h.sim.credentials;
const basic = (id = clientId, secret = clientSecret): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

test('a form body with Basic client auth mints a bearer token', async () => {
  const before = h.sim.seen.oauthMints;
  const res = await h.send('POST', h.sim.oauthUrl, {
    headers: { authorization: basic(), 'content-type': FORM },
    body: `grant_type=account_credentials&account_id=${accountId}`,
  });
  assert.equal(res.status, 200);
  const body = res.json();
  assert.equal(typeof body.access_token, 'string');
  assert.equal(body.token_type, 'bearer');
  assert.equal(body.expires_in, 3600);
  assert.match(String(body.scope), /^\S+( \S+)+$/);
  assert.equal(body.api_url, h.sim.webUrl);
  assert.equal(h.sim.seen.oauthMints, before + 1);
});

test('the query-string form fails with invalid_request', async () => {
  const res = await h.send('POST', `${h.sim.oauthUrl}?grant_type=account_credentials&account_id=${accountId}`, {
    headers: { authorization: basic() },
  });
  assert.equal(res.status, 400);
  assert.equal(res.json().error, 'invalid_request');
  assert.equal(typeof res.json().reason, 'string');
});

test('a bad client secret gets 401 invalid_client', async () => {
  const res = await h.send('POST', h.sim.oauthUrl, {
    headers: { authorization: basic(clientId, 'wrong'), 'content-type': FORM },
    body: `grant_type=account_credentials&account_id=${accountId}`,
  });
  assert.equal(res.status, 401);
  assert.deepEqual(res.json(), { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
});

test('no Authorization header gets 401 invalid_client', async () => {
  const res = await h.send('POST', h.sim.oauthUrl, { headers: { 'content-type': FORM }, body: `grant_type=account_credentials&account_id=${accountId}` });
  assert.equal(res.status, 401);
});

test('a wrong account_id gets 400 Invalid account_id', async () => {
  const res = await h.send('POST', h.sim.oauthUrl, {
    headers: { authorization: basic(), 'content-type': FORM },
    body: 'grant_type=account_credentials&account_id=someone-else',
  });
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), { reason: 'Invalid account_id', error: 'invalid_request' });
});

test('another grant type gets unsupported_grant_type', async () => {
  const res = await h.send('POST', h.sim.oauthUrl, {
    headers: { authorization: basic(), 'content-type': FORM },
    body: `grant_type=client_credentials&account_id=${accountId}`,
  });
  assert.equal(res.status, 400);
  assert.equal(res.json().error, 'unsupported_grant_type');
});

test('rejectCredentials makes good credentials fail until cleared', async () => {
  h.sim.faults.rejectCredentials(true);
  await assert.rejects(h.accessToken(), /401/);
  h.sim.faults.clear();
  assert.equal(typeof (await h.accessToken()), 'string');
});

test('a new token does not invalidate the previous one, and both expire on the clock', async () => {
  const first = await h.accessToken();
  const second = await h.accessToken();
  for (const token of [first, second]) {
    assert.equal((await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` })).status, 200);
  }
  h.now.ms += 3600 * 1000;
  const expired = await h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${first}` });
  assert.equal(expired.status, 401);
  assert.equal(expired.json().code, 124);
});
