import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viaProxy } from '../helpers/passthrough.js';
import { startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/**
 * Regression: `/v2/../oauth/token` and its encoded spellings went to Zoom as sent, with the proxy's
 * access token, for a Zoom edge that resolves dot segments to serve outside `/v2`. Now 400, logged,
 * and Zoom is never asked; an email with dots and a double-encoded UUID still pass.
 */
test('a /v2 path with a "." or ".." segment, plain or encoded: 400 bad_request, logged, nothing reaches Zoom', async (t) => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  t.after(async () => {
    await agent.close();
    await stack.close();
  });
  const user = stack.sim.addUser({ email: 'jane.doe@example.com' });
  const before = stack.sim.seen.requests.length;
  for (const path of ['/../oauth/token', '/%2e%2e/oauth/token', '/users/../../oauth/token', '/users/%2E%2E/%2e%2e/s/1', '/..', '/./users/me', `/users/${user.id}%2F..%2F..%2Foauth`]) {
    const res = await viaProxy(stack, agent, 'GET', path);
    assert.equal(res.status, 400, path);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'bad_request', path);
  }
  assert.equal(stack.sim.seen.requests.length, before, 'Zoom was never asked');
  assert.equal(stack.logs.lines().filter((l) => l.msg === 'request refused' && l.code === 'bad_request').length, 7, 'each refusal is logged');
  assert.equal((await viaProxy(stack, agent, 'GET', '/users/jane.doe@example.com')).status, 200, 'dots inside a segment are fine');
});
