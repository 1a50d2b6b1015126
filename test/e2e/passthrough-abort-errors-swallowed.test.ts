import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { failOnEscapedErrors } from '../helpers/no-escaped-errors.js';
import { eventually, viaProxy } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * The upstream request we abort for a client that left fails on its own afterwards ('socket hang
 * up', ECONNRESET, undici's RequestAbortedError; http-proxy, used before, reported them after the
 * client was gone). Those must neither crash the process, nor reject unhandled, nor be logged or
 * counted as a 5xx to a client that is not there.
 */
const agent = useAgent();
failOnEscapedErrors();

const stack = useStack({ simulator: { seed: 'empty' }, configure: (c) => (c.zoom.timeoutSeconds = 10) });

/** Start a request and destroy it once Zoom is answering it (or, with `midUpload`, half way through its body). */
async function abandon(path: string, options: { method?: string; midUpload?: boolean } = {}): Promise<void> {
  const before = stack.sim.seen.requests.length;
  const headers: Record<string, string> = { authorization: `Bearer ${CANARY.clientKey}` };
  if (options.midUpload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': '1000' });
  const req = httpRequest(`${stack.url}/v2${path}`, { method: options.method ?? 'GET', headers, agent: false });
  req.on('error', () => undefined);
  if (options.midUpload) {
    req.write('{"topic":"half');
    req.flushHeaders();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the proxy is streaming it on
  } else {
    req.end();
    await eventually(() => stack.sim.seen.requests.length > before, 'the request reached Zoom');
  }
  req.destroy();
}

test('clients leaving at every stage: no crash, no unhandled rejection, no 5xx logged or counted, service goes on', async () => {
  const host = stack.sim.addUser({ email: 'leaver@example.com' });
  for (let i = 0; i < 30; i++) stack.sim.addMeeting({ hostId: host.id });
  await viaProxy(stack, agent, 'GET', `/users/${host.id}`); // a token is held: requests go straight to Zoom
  const logsBefore = stack.logs.lines().length;

  stack.sim.faults.delay({ match: { kind: 'api' }, headersMs: 5_000, count: 3 });
  for (let i = 0; i < 3; i++) await abandon(`/users/${host.id}`); // while Zoom is thinking
  stack.sim.faults.delay({ match: { kind: 'api' }, bodyMs: 5_000, afterBytes: 100, count: 3 });
  for (let i = 0; i < 3; i++) await abandon(`/users/${host.id}/meetings?page_size=30`); // mid-answer
  stack.sim.faults.clear();
  for (let i = 0; i < 3; i++) await abandon(`/users/${host.id}/meetings`, { method: 'POST', midUpload: true }); // mid-upload
  await eventually(() => stack.logs.lines().filter((l) => l.msg === 'request' && l.status === 0).length >= 9, 'every abandoned request was logged');
  await new Promise((resolve) => setTimeout(resolve, 200)); // room for late errors to surface

  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${host.id}`)).status, 200, 'the proxy still serves');
  const lines = stack.logs.lines().slice(logsBefore);
  assert.deepEqual(lines.filter((l) => (l.level as number) >= 40), [], 'no warning or error for a client that left');
  assert.deepEqual(lines.filter((l) => l.msg === 'request' && (l.status as number) >= 500), [], 'no 5xx logged');
  const metrics = await stack.proxy.services.metrics.registry.getSingleMetric('zlp_http_requests_total')?.get();
  assert.ok(!metrics?.values.some((v) => Number(v.labels.status) >= 500), 'no 5xx counted');
});
