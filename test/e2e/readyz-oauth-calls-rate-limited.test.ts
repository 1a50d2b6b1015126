import assert from 'node:assert/strict';
import { test } from 'node:test';
import { READY_TRY_INTERVAL_MS } from '../../src/routes/health-routes.js';
import { call } from '../helpers/passthrough.js';
import { stackForTest, type Stack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/**
 * Found in review: /readyz, unauthenticated, makes OAuth calls with the account's credentials. A
 * failure was remembered for 5 s, but a token that was no longer valid by the next probe (a
 * hostile or broken OAuth answer with `expires_in` of a millisecond, a token Zoom invalidated) made
 * every probe a new OAuth call. Now no sequence of probes costs more than one OAuth call per
 * READY_TRY_INTERVAL_MS, whatever its outcome, and probes that come together share one.
 */
const oauthCalls = (stack: Stack): number => stack.sim.seen.requests.filter((r) => r.kind === 'oauth').length;

test('50 probes while each minted token expires at once: one OAuth call per interval', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  const agent = testAgent();
  t.after(() => agent.close());
  stack.sim.faults.garble({ match: { kind: 'oauth' }, contentType: 'application/json', body: '{"access_token":"short-lived","expires_in":0.001}' });
  const probe = (): Promise<number> => call(agent, 'GET', `${stack.url}/readyz`, { key: null }).then((r) => r.status);

  for (let i = 0; i < 50; i++) {
    await probe();
    stack.clock.advance(10); // the 1 ms token is gone by the next probe
  }
  assert.equal(oauthCalls(stack), 1, 'one OAuth call for 50 probes within the interval');

  stack.clock.advance(READY_TRY_INTERVAL_MS);
  await probe();
  assert.equal(oauthCalls(stack), 2, 'tried again once the interval has passed');
});

test('50 concurrent probes while OAuth fails share one call, and later ones within the interval make none', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  const agent = testAgent();
  t.after(() => agent.close());
  stack.sim.faults.rejectCredentials(true);
  const probe = (): Promise<number> => call(agent, 'GET', `${stack.url}/readyz`, { key: null }).then((r) => r.status);

  const statuses = await Promise.all(Array.from({ length: 50 }, probe));
  assert.deepEqual(new Set(statuses), new Set([503]));
  assert.equal(oauthCalls(stack), 1);
  for (let i = 0; i < 10; i++) {
    stack.clock.advance(400);
    assert.equal(await probe(), 503);
  }
  assert.equal(oauthCalls(stack), 1, '4 s of probes after a failure: no new call');
});
