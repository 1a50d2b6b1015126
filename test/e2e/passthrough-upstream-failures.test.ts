import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { viaProxy } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' }, configure: (c) => (c.zoom.timeoutSeconds = 0.5) });

const errorCode = (res: { json<T>(): T }) => res.json<{ error: { code: string; message: string } }>().error.code;

test('Zoom unreachable: 502 zoom_unreachable with the JSON error, and it recovers', async () => {
  const host = stack.sim.addUser({ email: 'down@example.com' });
  await viaProxy(stack, agent, 'GET', `/users/${host.id}`);
  await stack.sim.faults.down();
  try {
    const res = await viaProxy(stack, agent, 'GET', `/users/${host.id}`);
    assert.equal(res.status, 502);
    assert.equal(errorCode(res), 'zoom_unreachable');
    assert.match(String(res.headers['content-type']), /^application\/json/);
  } finally {
    await stack.sim.faults.up();
  }
  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${host.id}`)).status, 200);
});

test('Zoom too slow: 504 zoom_timeout, no hang', async () => {
  const host = stack.sim.addUser({ email: 'slow@example.com' });
  await viaProxy(stack, agent, 'GET', `/users/${host.id}`);
  stack.sim.faults.delay({ match: { kind: 'api' }, headersMs: 3_000, count: 1 });
  const started = performance.now();
  const res = await viaProxy(stack, agent, 'GET', `/users/${host.id}`);
  assert.equal(res.status, 504);
  assert.equal(errorCode(res), 'zoom_timeout');
  assert.ok(performance.now() - started < 2_500, 'answered at the timeout, not when Zoom woke up');
});

test('Zoom resetting the connection before answering: 502', async () => {
  const host = stack.sim.addUser({ email: 'reset@example.com' });
  stack.sim.faults.reset({ match: { kind: 'api' } });
  try {
    const res = await viaProxy(stack, agent, 'GET', `/users/${host.id}`);
    assert.equal(res.status, 502);
    assert.equal(errorCode(res), 'zoom_unreachable');
  } finally {
    stack.sim.faults.clear();
  }
});

test('Zoom stalling or resetting mid-body: 504/502 while nothing was sent; a streamed answer is cut, never ended short', async () => {
  const host = stack.sim.addUser({ email: 'midbody@example.com' });
  for (let i = 0; i < 20; i++) stack.sim.addMeeting({ hostId: host.id });
  await viaProxy(stack, agent, 'GET', `/users/${host.id}`);

  // A JSON answer is read whole before anything is sent: the client gets a clean error.
  stack.sim.faults.delay({ match: { kind: 'api' }, bodyMs: 3_000, afterBytes: 50, count: 1 });
  const stalled = await viaProxy(stack, agent, 'GET', `/users/${host.id}/meetings`);
  assert.equal(stalled.status, 504);
  stack.sim.faults.reset({ match: { kind: 'api' }, afterBytes: 50, count: 1 });
  const reset = await viaProxy(stack, agent, 'GET', `/users/${host.id}/meetings`);
  assert.equal(reset.status, 502);

  // An answer that streams (an error body here; anything not rewritten) is cut, not ended short.
  stack.sim.faults.fail({ match: { kind: 'api' }, status: 500, message: 'x'.repeat(5_000), count: 1 });
  stack.sim.faults.reset({ match: { kind: 'api' }, afterBytes: 1_000, count: 1 });
  const outcome = await new Promise<string>((resolve) => {
    const req = httpRequest(`${stack.url}/v2/users/${host.id}`, { headers: { authorization: `Bearer ${CANARY.clientKey}` }, agent: false }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve('ended cleanly'));
      res.on('error', () => resolve('aborted'));
      res.on('aborted', () => resolve('aborted'));
    });
    req.on('error', () => resolve('aborted'));
    req.end();
  });
  assert.equal(outcome, 'aborted');
  stack.sim.faults.clear();
});
