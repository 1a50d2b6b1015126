import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually, viaProxy } from '../helpers/passthrough.js';
import { startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/**
 * In the last five minutes of the held token's life the proxy renews it, in the background: the held
 * token is still valid for minutes, so no request waits for OAuth (found in review: each request of
 * that window used to wait for the renewal, zoom.timeoutSeconds each while OAuth was stalled). A
 * renewal that fails is tried again at most every 10 s, not once per request.
 */
async function stackInRenewalWindow() {
  const agent = testAgent();
  const stack = await startStack({ simulator: { seed: 'empty' }, configure: (c) => void (c.zoom.timeoutSeconds = 3) });
  const user = stack.sim.addUser({ email: 'h@example.com' });
  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${user.id}`)).status, 200); // the token is minted
  stack.clock.advance(56 * 60_000); // 4 of its 60 minutes left
  const oauthCalls = (): number => stack.sim.seen.requests.filter((r) => r.kind === 'oauth').length;
  return { agent, stack, user, oauthCalls };
}

test('a stalled renewal does not delay requests while the held token is still valid', async (t) => {
  const { agent, stack, user } = await stackInRenewalWindow();
  t.after(async () => {
    await agent.close();
    await stack.close();
  });
  stack.sim.faults.delay({ match: { kind: 'oauth' }, headersMs: 30_000 });
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = Date.now();
    const res = await viaProxy(stack, agent, 'GET', `/users/${user.id}`);
    times.push(Date.now() - started);
    assert.equal(res.status, 200, 'served with the held token');
  }
  assert.ok(times.every((ms) => ms < 1000), `requests waited for the stalled OAuth call: ${times.join(', ')} ms`);
});

test('a renewal that fails is tried again after 10 s, not on every request, and the new token then replaces the held one', async (t) => {
  const { agent, stack, user, oauthCalls } = await stackInRenewalWindow();
  t.after(async () => {
    await agent.close();
    await stack.close();
  });
  const before = oauthCalls();
  stack.sim.faults.fail({ match: { kind: 'oauth' }, status: 503, count: 1 });
  for (let i = 0; i < 5; i++) assert.equal((await viaProxy(stack, agent, 'GET', `/users/${user.id}`)).status, 200);
  assert.equal(oauthCalls(), before + 1, 'one renewal tried, then the held token served alone');

  stack.clock.advance(10_000);
  const mints = stack.sim.seen.oauthMints;
  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${user.id}`)).status, 200);
  await eventually(() => stack.sim.seen.oauthMints === mints + 1, 'the second renewal minted a token');
  // Renewed: the next requests are out of the window, with no OAuth call of their own.
  const calls = oauthCalls();
  for (let i = 0; i < 3; i++) assert.equal((await viaProxy(stack, agent, 'GET', `/users/${user.id}`)).status, 200);
  assert.equal(oauthCalls(), calls);
});

