import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' }, configure: (c) => (c.passthrough.replayMaxBytes = 4_096) });

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const apiRequests = () => stack.sim.seen.requests.filter((r) => r.kind === 'api');
const json = { 'content-type': 'application/json' };

test('a 401 code 124 gets a new token and one retry that resends the same body byte for byte', async () => {
  const host = stack.sim.addUser({ email: 'replay@example.com' });
  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${host.id}`)).status, 200);
  const mintsBefore = stack.sim.seen.oauthMints;
  stack.sim.faults.invalidateAccessTokens();

  const body = JSON.stringify({ topic: 'Résumé "retry"', agenda: 'x'.repeat(2_000) });
  const before = apiRequests().length;
  const res = await viaProxy(stack, agent, 'POST', `/users/${host.id}/meetings`, { headers: json, body });
  assert.equal(res.status, 201, res.text);
  const [refused, retried] = apiRequests().slice(before);
  assert.equal(apiRequests().length - before, 2);
  assert.deepEqual([refused?.method, retried?.method], ['POST', 'POST']);
  assert.equal(refused?.bodySha256, sha256(body));
  assert.equal(retried?.bodySha256, sha256(body));
  assert.notEqual(refused?.headers.authorization, retried?.headers.authorization, 'a new token');
  assert.equal(stack.sim.seen.oauthMints, mintsBefore + 1);
});

test('a request without a body is retried too', async () => {
  const host = stack.sim.addUser({ email: 'replay-get@example.com' });
  stack.sim.faults.invalidateAccessTokens();
  const before = apiRequests().length;
  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${host.id}`)).status, 200);
  assert.equal(apiRequests().length - before, 2);
});

test('a body too large to have been kept: the 401 reaches the client unchanged, and the next request has a new token', async () => {
  const host = stack.sim.addUser({ email: 'no-replay@example.com' });
  await viaProxy(stack, agent, 'GET', `/users/${host.id}`);
  stack.sim.faults.invalidateAccessTokens();
  const before = apiRequests().length;
  const res = await viaProxy(stack, agent, 'POST', `/users/${host.id}/meetings`, { headers: json, body: JSON.stringify({ agenda: 'y'.repeat(10_000) }) });
  assert.equal(res.status, 401);
  assert.deepEqual(res.json(), { code: 124, message: 'Invalid access token.' });
  assert.ok(res.headers['x-zm-trackingid']);
  assert.equal(apiRequests().length - before, 1, 'sent once');
  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${host.id}`)).status, 200);
});

test('Zoom refusing the new token as well: one retry only, then its 401 as it is', async () => {
  const host = stack.sim.addUser({ email: 'always-124@example.com' });
  stack.sim.faults.fail({ match: { kind: 'api' }, status: 401, code: 124, message: 'Invalid access token.' });
  try {
    const before = apiRequests().length;
    const res = await viaProxy(stack, agent, 'GET', `/users/${host.id}`);
    assert.equal(res.status, 401);
    assert.equal(res.json<{ code: number }>().code, 124);
    assert.equal(apiRequests().length - before, 2);
  } finally {
    stack.sim.faults.clear();
  }
});

test('another 401 (not 124) is passed on without a retry', async () => {
  stack.sim.faults.fail({ match: { kind: 'api' }, status: 401, code: 4711, message: 'Invalid access token, does not contain scopes.', count: 1 });
  const before = apiRequests().length;
  const res = await viaProxy(stack, agent, 'GET', '/users/me');
  assert.equal(res.status, 401);
  assert.equal(res.json<{ code: number }>().code, 4711);
  assert.equal(apiRequests().length - before, 1);
});
