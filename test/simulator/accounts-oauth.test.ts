import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ACCOUNTS, type ZoomCredentials } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ accounts: [...DEMO_ACCOUNTS, { name: 'partner' }] });
const commercial = h.sim.account('commercial');
const gov = h.sim.account('gov');
const partner = h.sim.account('partner');
const FORM = 'application/x-www-form-urlencoded';

function mint(url: string, client: ZoomCredentials, accountId = client.accountId): ReturnType<typeof h.send> {
  return h.send('POST', url, {
    headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`, 'content-type': FORM },
    body: `grant_type=account_credentials&account_id=${encodeURIComponent(accountId)}`,
  });
}

test('each account app mints a token at its own OAuth URL, and api_url is that account API origin', async () => {
  for (const account of [commercial, gov, partner]) {
    const res = await mint(account.oauthUrl, account.credentials);
    assert.equal(res.status, 200, account.name);
    assert.equal(res.json().api_url, account.webUrl);
    assert.equal(account.seen.oauthMints, 1, account.name);
  }
  assert.equal(h.sim.seen.oauthMints, 3);
  assert.notEqual(gov.webUrl, commercial.webUrl);
  assert.equal(partner.webUrl, commercial.webUrl);
});

test('an app with another account id gets 400 Invalid account_id', async () => {
  const res = await mint(commercial.oauthUrl, partner.credentials, commercial.credentials.accountId);
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), { reason: 'Invalid account_id', error: 'invalid_request' });
});

test('a client id with another app secret gets 401 invalid_client', async () => {
  const res = await mint(commercial.oauthUrl, { ...partner.credentials, clientSecret: commercial.credentials.clientSecret });
  assert.equal(res.status, 401);
  assert.deepEqual(res.json(), { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
});

test('an app of an account on other servers is unknown here: 401 invalid_client both ways', async () => {
  assert.equal((await mint(commercial.oauthUrl, gov.credentials)).status, 401);
  assert.equal((await mint(gov.oauthUrl, commercial.credentials)).status, 401);
});

test('a token works only with the API of its account servers (401 124 elsewhere)', async () => {
  const govToken = await h.accessToken(gov);
  const ok = await h.get(`${gov.apiUrl}/users/me`, { authorization: `Bearer ${govToken}` });
  assert.equal(ok.status, 200);
  assert.equal(ok.json().account_id, gov.credentials.accountId);
  const elsewhere = await h.get(`${commercial.apiUrl}/users/me`, { authorization: `Bearer ${govToken}` });
  assert.equal(elsewhere.status, 401);
  assert.equal(elsewhere.json().code, 124);
});
