import assert from 'node:assert/strict';
import { test } from 'node:test';
import { direct, viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } });

test("Zoom's error answers come back as Zoom sent them: status, body, tracking id, also in the request log", async () => {
  for (const path of ['/meetings/123456789', '/users/nobody%40example.com', '/meetings/123456789/recordings', '/no/such/route']) {
    const proxied = await viaProxy(stack, agent, 'GET', path);
    const zoom = await direct(stack, agent, 'GET', path);
    assert.equal(proxied.status, zoom.status, path);
    assert.deepEqual(proxied.body, zoom.body, path);
    assert.match(String(proxied.headers['x-zm-trackingid']), /^v=2\.0;clid=us05;rid=WEB_[0-9a-f]{32}$/);
    const line = stack.logs.lines().findLast((l) => l.msg === 'request' && l.route === 'passthrough');
    assert.equal(line?.trackingId, proxied.headers['x-zm-trackingid']);
    assert.equal(line?.status, zoom.status);
  }
});

test('a 5xx and a 400 with a validation message pass through unchanged too', async () => {
  stack.sim.faults.fail({ match: { kind: 'api' }, status: 503, code: 503, message: 'Service temporarily unavailable', count: 1 });
  const res = await viaProxy(stack, agent, 'GET', '/users/me');
  assert.equal(res.status, 503);
  assert.deepEqual(res.json(), { code: 503, message: 'Service temporarily unavailable' });
  const host = stack.sim.addUser({ email: 'bad-body@example.com' });
  const bad = await viaProxy(stack, agent, 'POST', `/users/${host.id}/meetings`, { headers: { 'content-type': 'application/json' }, body: '{"type":99}' });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json(), { code: 300, message: 'Invalid field: type.' });
});
