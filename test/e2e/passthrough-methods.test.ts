import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } });

const lastApi = () => stack.sim.seen.requests.filter((r) => r.kind === 'api').at(-1);

test('GET, POST, PATCH, DELETE reach Zoom with their method, path and query, and their status comes back', async () => {
  const host = stack.sim.addUser({ email: 'methods@example.com' });

  const created = await viaProxy(stack, agent, 'POST', `/users/${host.id}/meetings?x=1`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ topic: 'Made through the proxy', type: 2 }),
  });
  assert.equal(created.status, 201);
  assert.deepEqual([lastApi()?.method, lastApi()?.rawPath], ['POST', `/v2/users/${host.id}/meetings?x=1`]);
  const id = created.json<{ id: number }>().id;
  assert.equal(stack.sim.meeting(id)?.topic, 'Made through the proxy');

  const got = await viaProxy(stack, agent, 'GET', `/meetings/${id}`);
  assert.equal(got.status, 200);
  assert.equal(lastApi()?.method, 'GET');

  const patched = await viaProxy(stack, agent, 'PATCH', `/meetings/${id}`, { headers: { 'content-type': 'application/json' }, body: '{"topic":"Renamed"}' });
  assert.equal(patched.status, 204);
  assert.equal(patched.body.length, 0);
  assert.equal(stack.sim.meeting(id)?.topic, 'Renamed');

  const deleted = await viaProxy(stack, agent, 'DELETE', `/meetings/${id}`);
  assert.equal(deleted.status, 204);
  assert.equal(lastApi()?.method, 'DELETE');
  assert.equal(stack.sim.meeting(id), undefined);

  const gone = await viaProxy(stack, agent, 'GET', `/meetings/${id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.json<{ code: number }>().code, 3001);
});

test('HEAD gets the headers and no body; PUT and OPTIONS reach Zoom too (which refuses them here)', async () => {
  const host = stack.sim.addUser({ email: 'head@example.com' });
  const head = await viaProxy(stack, agent, 'HEAD', `/users/${host.id}`);
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal(lastApi()?.method, 'HEAD');
  for (const method of ['PUT', 'OPTIONS']) {
    const res = await viaProxy(stack, agent, method, `/users/${host.id}/status`, { headers: { 'content-type': 'application/json' }, body: '{"action":"activate"}' });
    assert.equal(res.status, 404, method);
    assert.equal(lastApi()?.method, method);
    assert.equal(lastApi()?.bodyLength, '{"action":"activate"}'.length);
  }
});
