import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } });

test("a 429 reaches the client at once with Zoom's body, Retry-After and X-RateLimit-* unchanged, counted in /metrics", async () => {
  const host = stack.sim.addUser({ email: 'limited@example.com' });
  stack.sim.faults.rateLimit({ match: { path: `/v2/users/${host.id}/meetings` }, type: 'QPS', retryAfter: '7', count: 2 });
  stack.sim.faults.rateLimit({ match: { path: `/v2/users/${host.id}` }, type: 'Daily-limit', count: 1 });
  for (const path of [`/users/${host.id}/meetings`, `/users/${host.id}/meetings`]) {
    const started = performance.now();
    const res = await viaProxy(stack, agent, 'GET', path);
    assert.ok(performance.now() - started < 1_000, 'no sleeping inside the request');
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '7');
    assert.equal(res.headers['x-ratelimit-category'], 'Medium');
    assert.equal(res.headers['x-ratelimit-type'], 'QPS');
    assert.equal(res.headers['x-ratelimit-limit'], '20');
    assert.equal(res.headers['x-ratelimit-remaining'], '0');
    assert.equal(res.json<{ code: number }>().code, 429);
  }
  const daily = await viaProxy(stack, agent, 'GET', `/users/${host.id}`);
  assert.equal(daily.status, 429);
  assert.match(String(daily.headers['retry-after']), /GMT$/, 'an HTTP date, passed as it is');

  const metrics = await agent.request({ origin: stack.url, path: '/metrics', method: 'GET' });
  const text = await metrics.body.text();
  assert.match(text, /zlp_zoom_rate_limited_total\{category="Medium",type="QPS"\} 2/);
  assert.match(text, /zlp_zoom_rate_limited_total\{category="Light",type="Daily-limit"\} 1/);
  assert.match(text, /zlp_upstream_requests_total\{kind="api",status="429"\} 3/);
});
