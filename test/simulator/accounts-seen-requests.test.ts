import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, DEMO_ACCOUNTS, DEMO_GOV } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ accounts: DEMO_ACCOUNTS });
const commercial = h.sim.account('commercial');
const gov = h.sim.account('gov');

test('every request says which account credential it carried: OAuth app, token, ZAK, CDN signature', async () => {
  h.sim.seen.reset();
  const govToken = await h.accessToken(gov);
  const commercialToken = await h.accessToken(commercial);
  const zak = (await h.get(`${gov.apiUrl}/users/${DEMO_GOV.users.dana.id}/token?type=zak`, { authorization: `Bearer ${govToken}` })).json<{ token: string }>().token;
  await h.get(`${gov.webUrl}/s/${DEMO_GOV.meetings.danaScheduled}?zak=${zak}`);
  const redirect = await h.get(`${gov.webUrl}/rec/download/${DEMO_GOV.recordings.danaScheduled.files.transcript}`, { authorization: `Bearer ${govToken}` });
  await h.get(String(redirect.headers.location));
  await h.get(`${commercial.apiUrl}/users/me`, { authorization: `Bearer ${commercialToken}` });
  await h.get(`${commercial.apiUrl}/users/me`, { authorization: 'Bearer not-a-token' });
  await h.get(`${commercial.webUrl}/j/${DEMO.meetings.aliceScheduled}`);

  assert.deepEqual(h.sim.seen.requests.map((r) => [r.server, r.kind, r.account]), [
    ['main', 'oauth', 'gov'],
    ['main', 'oauth', 'commercial'],
    ['main', 'api', 'gov'],
    ['main', 'web', 'gov'],
    ['main', 'web', 'gov'],
    ['cdn', 'cdn', 'gov'],
    ['main', 'api', 'commercial'],
    ['main', 'api', undefined],
    ['main', 'web', undefined],
  ]);
});

test('each account record holds its own requests and mints', async () => {
  h.sim.seen.reset();
  const govToken = await h.accessToken(gov);
  await h.get(`${gov.apiUrl}/users/${DEMO_GOV.users.bot.id}/token?type=zak`, { authorization: `Bearer ${govToken}` });
  await h.api(`/users/${DEMO.users.bot.id}/token?type=zak`);
  await h.api(`/users/${DEMO.users.bot.id}/token?type=zak`);
  assert.deepEqual([gov.seen.oauthMints, gov.seen.zakMints(), gov.seen.zakMints(DEMO_GOV.users.bot.email)], [1, 1, 1]);
  assert.deepEqual([commercial.seen.oauthMints, commercial.seen.zakMints(), commercial.seen.zakMints(DEMO_GOV.users.bot.id)], [2, 2, 0]);
  assert.deepEqual([h.sim.seen.oauthMints, h.sim.seen.zakMints()], [3, 3]);
  assert.deepEqual(gov.seen.requests.map((r) => r.kind), ['oauth', 'api']);
  assert.ok(commercial.seen.requests.every((r) => r.account === 'commercial'));
  assert.equal(commercial.seen.requests.length, 4);
});
