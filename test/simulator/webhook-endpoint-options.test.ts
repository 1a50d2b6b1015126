/** A webhook endpoint is checked where it is given (at start, or set on an account), never at the first send. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type SimulatorOptions } from '../../simulator/simulator.js';

const ROWS: Array<[string, SimulatorOptions, RegExp]> = [
  ['not a URL', { webhooks: { url: 'nope', secretToken: 's' } }, /accounts\[0\]\.webhooks\.url must be an http or https URL/],
  ['another scheme', { accounts: [{ name: 'a' }, { name: 'b', webhooks: { url: 'ftp://x/', secretToken: 's' } }] }, /accounts\[1\]\.webhooks\.url must be/],
  ['an empty secret token', { webhooks: { url: 'http://127.0.0.1:9/', secretToken: '' } }, /webhooks\.secretToken must be a non-empty string/],
];

for (const [name, options, message] of ROWS) {
  test(`refused at start: ${name}`, async () => {
    await assert.rejects(startSimulator({ seed: 'empty', ...options }), message);
  });
}

test('set on an account: checked, copied, cleared with undefined', async (t) => {
  const sim = await startSimulator({ seed: 'empty' });
  t.after(() => sim.close());
  const account = sim.account();
  assert.equal(account.webhooks, undefined);
  assert.throws(() => (account.webhooks = { url: '/relative', secretToken: 's' }), /must be an http or https URL/);
  const endpoint = { url: 'https://proxy.example.com/webhooks/zoom', secretToken: 's3cret' };
  account.webhooks = endpoint;
  endpoint.secretToken = 'changed later';
  assert.deepEqual(account.webhooks, { url: 'https://proxy.example.com/webhooks/zoom', secretToken: 's3cret' });
  account.webhooks = undefined;
  await assert.rejects(sim.sendWebhook({ event: 'meeting.started' }), /no webhook endpoint/);
  await assert.rejects(sim.validateWebhookUrl(), /no webhook endpoint/);
});
