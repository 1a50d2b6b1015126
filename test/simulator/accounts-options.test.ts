import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CREDENTIALS, startSimulator, type SimulatorOptions } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const REFUSED: Array<[string, SimulatorOptions, RegExp]> = [
  ['no account', { accounts: [] }, /at least one account/],
  ['a name with capitals', { accounts: [{ name: 'Gov' }] }, /accounts\[0\]\.name must be lower-case/],
  ['a name too long', { accounts: [{ name: 'a'.repeat(33) }] }, /at most 32/],
  ['a duplicate name', { accounts: [{ name: 'a' }, { name: 'a' }] }, /two accounts have the name a/],
  ['a duplicate client id', { accounts: [{ name: 'a' }, { name: 'b', credentials: { ...DEMO_CREDENTIALS, accountId: 'x' } }] }, /clientId/],
  ['a duplicate account id', { accounts: [{ name: 'a' }, { name: 'b', credentials: { ...DEMO_CREDENTIALS, clientId: 'x' } }] }, /accountId/],
  ['the demo seed twice', { accounts: [{ name: 'a' }, { name: 'b', seed: 'demo' }] }, /only one account can hold the demo seed/],
  ['a host without ownServers', { accounts: [{ name: 'a' }, { name: 'b', port: 1 }] }, /accounts\[1\]: host, cdnHost and port need ownServers/],
  ['an unknown seed', { accounts: [{ name: 'a', seed: 'full' as 'empty' }] }, /seed must be one of/],
];

for (const [label, options, message] of REFUSED) {
  test(`refused at start: ${label}`, async () => {
    await assert.rejects(startSimulator(options), message);
  });
}

test('without accounts there is one, named default, that the top-level methods act on', async (t) => {
  const h = await harness({}, (fn) => t.after(fn));
  assert.deepEqual(h.sim.accounts, ['default']);
  assert.equal(h.sim.account(), h.sim.account('default'));
  assert.deepEqual(h.sim.account().credentials, DEMO_CREDENTIALS);
  const u = h.sim.addUser({ email: 'new@example.com' });
  assert.equal(h.sim.account('default').user(u.id), u);
  assert.throws(() => h.sim.account('gov'), /no account gov; it holds default/);
});

test('a later account gets credentials derived from its name and starts empty', async (t) => {
  const h = await harness({ accounts: [{ name: 'main' }, { name: 'team-2' }] }, (fn) => t.after(fn));
  assert.deepEqual(h.sim.account('team-2').credentials, {
    accountId: 'team-2-account-0001', clientId: 'team-2ClientId0001', clientSecret: 'team-2-client-secret-not-a-real-one',
  });
  assert.deepEqual(h.sim.account('main').credentials, DEMO_CREDENTIALS);
  const users = await h.get(`${h.sim.apiUrl}/users`, { authorization: `Bearer ${await h.accessToken(h.sim.account('team-2'))}` });
  assert.deepEqual(users.json().users, []);
});
