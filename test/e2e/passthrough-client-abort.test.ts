import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request as httpRequest } from 'node:http';
import { eventually, viaProxy } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' }, configure: (c) => (c.zoom.timeoutSeconds = 10) });

/** Send a request and destroy it once Zoom has it, the way a client that gives up does. */
async function abandon(path: string, method = 'GET', body?: Buffer): Promise<void> {
  const before = stack.sim.seen.requests.filter((r) => r.kind === 'api').length;
  const req = httpRequest(`${stack.url}/v2${path}`, { method, headers: { authorization: `Bearer ${CANARY.clientKey}` }, agent: false });
  req.on('error', () => undefined);
  if (body) req.write(body);
  req.end();
  await eventually(() => stack.sim.seen.requests.filter((r) => r.kind === 'api').length > before, 'the request reached Zoom');
  req.destroy();
}

test('a client that goes away while Zoom is thinking: the upstream request is destroyed, Zoom sees it abandoned', async () => {
  const host = stack.sim.addUser({ email: 'abort@example.com' });
  await viaProxy(stack, agent, 'GET', `/users/${host.id}`); // a token, so the next request goes straight to Zoom
  stack.sim.faults.delay({ match: { kind: 'api' }, headersMs: 5_000, count: 2 });
  await abandon(`/users/${host.id}`);
  await eventually(() => stack.sim.seen.requests.at(-1)?.abandoned === true, 'Zoom saw the proxy give up');
  await abandon(`/users/${host.id}/meetings`, 'POST', Buffer.from('{"topic":"never mind"}'));
  await eventually(() => stack.sim.seen.requests.at(-1)?.abandoned === true, 'Zoom saw the proxy give up on the POST');

  // Nothing crashed, nothing is stuck: the next request is answered.
  stack.sim.faults.clear();
  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${host.id}`)).status, 200);
  const line = stack.logs.lines().find((l) => l.msg === 'request' && l.status === 0);
  assert.ok(line, 'the abandoned request is logged with status 0');
});

test('a client that goes away while a large answer streams: the upstream response is destroyed too', async () => {
  const host = stack.sim.addUser({ email: 'abort-stream@example.com' });
  for (let i = 0; i < 50; i++) stack.sim.addMeeting({ hostId: host.id });
  await viaProxy(stack, agent, 'GET', `/users/${host.id}`);
  stack.sim.faults.delay({ match: { kind: 'api' }, bodyMs: 5_000, afterBytes: 100, count: 1 });
  await abandon(`/users/${host.id}/meetings?page_size=50`);
  await eventually(() => stack.sim.seen.requests.at(-1)?.abandoned === true, 'Zoom saw the proxy give up mid-body');
  stack.sim.faults.clear();
  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${host.id}`)).status, 200);
});
