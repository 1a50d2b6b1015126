import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ACCOUNTS } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ accounts: [...DEMO_ACCOUNTS, { name: 'partner' }] });
const commercial = h.sim.account('commercial');
const gov = h.sim.account('gov');
const partner = h.sim.account('partner');
partner.addUser({ email: 'pat@partner.example' });

async function me(account = commercial): Promise<number> {
  return (await h.get(`${account.apiUrl}/users/me`, { authorization: `Bearer ${await h.accessToken(account)}` })).status;
}

test('OAuth refused for one account leaves the others minting', async () => {
  partner.faults.rejectCredentials(true);
  await assert.rejects(h.accessToken(partner), /401/);
  assert.equal(await me(commercial), 200);
  assert.equal(await me(gov), 200);
  partner.faults.clear();
  assert.equal(await me(partner), 200);
});

test('a failing rule of one account hits only its requests, on shared servers too', async () => {
  partner.faults.fail({ match: { kind: 'oauth' }, status: 503 });
  partner.faults.fail({ match: { kind: 'api' }, status: 500, count: 1 });
  await assert.rejects(h.accessToken(partner), /503/);
  assert.equal(await me(commercial), 200);
  partner.faults.clear();
  assert.equal(await me(partner), 200);
  // sim.faults with match.account is the same thing.
  h.sim.faults.fail({ match: { account: 'gov', kind: 'api' }, status: 502 });
  assert.equal(await me(gov), 502);
  assert.equal(await me(commercial), 200);
  h.sim.faults.clear();
});

test('invalidating one account tokens leaves the other account tokens working', async () => {
  const commercialToken = await h.accessToken(commercial);
  const partnerToken = await h.accessToken(partner);
  partner.faults.invalidateAccessTokens();
  assert.equal((await h.get(`${partner.apiUrl}/users/me`, { authorization: `Bearer ${partnerToken}` })).status, 401);
  assert.equal((await h.get(`${commercial.apiUrl}/users/me`, { authorization: `Bearer ${commercialToken}` })).status, 200);
});

test('per-second limits count per account', async () => {
  h.sim.faults.enforceRateLimits(true);
  const tokens = { commercial: await h.accessToken(commercial), partner: await h.accessToken(partner) };
  const call = (token: string): Promise<number> => h.get(`${h.sim.apiUrl}/users/me`, { authorization: `Bearer ${token}` }).then((r) => r.status);
  const statuses = { commercial: [] as number[], partner: [] as number[] };
  for (let i = 0; i < 31; i++) {
    statuses.commercial.push(await call(tokens.commercial));
    statuses.partner.push(await call(tokens.partner));
  }
  // Light is 30 a second per account: each gets its 30, the 31st of each is the 429.
  for (const list of Object.values(statuses)) assert.deepEqual([list.slice(0, 30).every((s) => s === 200), list[30]], [true, 429]);
  h.sim.faults.clear();
});

test('an account on servers of its own goes down alone; a shared one cannot', async () => {
  await gov.faults.down();
  // A kept-alive connection to it may be the one that finds it gone: closed, or refused when new.
  await assert.rejects(h.accessToken(gov), /ECONNREFUSED|other side closed/);
  assert.equal(await me(commercial), 200);
  await gov.faults.up();
  assert.equal(await me(gov), 200);
  await assert.rejects(partner.faults.down(), /shares its servers/);
});
