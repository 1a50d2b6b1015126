import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call } from '../helpers/passthrough.js';
import { CANARY, stackForTest } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/**
 * Found in review (with the rewrite's nesting bound): the proxy's own Zoom calls `JSON.parse` what
 * Zoom answers, and a megabyte nested half a million levels deep blocks the event loop for a third
 * of a second. An answer nested deeper than 64 levels is 502 zoom_bad_response, never parsed.
 */
test('a token answer nested 100,000 levels deep: 502 zoom_bad_response', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  const agent = testAgent();
  t.after(() => agent.close());
  const deep = `{"access_token":"deep-token","expires_in":3600,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
  stack.sim.faults.garble({ match: { kind: 'oauth' }, contentType: 'application/json', body: deep });
  const res = await call(agent, 'GET', `${stack.url}/zak?token=${CANARY.botToken}`, { key: null });
  assert.equal(res.status, 502, res.text);
  assert.equal(res.json<{ error: { code: string } }>().error.code, 'zoom_bad_response');
});

test('an answer nested 64 levels (deeper than any of Zoom\'s, within the bound) is still read', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  const agent = testAgent();
  t.after(() => agent.close());
  const nested = `{"access_token":"nested-token","expires_in":3600,"x":${'['.repeat(63)}${']'.repeat(63)}}`;
  stack.sim.faults.garble({ match: { kind: 'oauth' }, contentType: 'application/json', body: nested });
  const res = await call(agent, 'GET', `${stack.url}/readyz`, { key: null });
  assert.equal(res.status, 200, res.text);
});
