import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { BOT_USER, CANARY, stackForTest } from '../helpers/start-stack.js';

test('/healthz answers while the process serves', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  const res = await request(stack.url).get('/healthz').expect(200);
  assert.deepEqual(res.body, { status: 'ok' });
});

// Found in review (session 4) and left until now: Express's freshness check answered these with an empty 304.
test('/healthz, /readyz and /metrics answer 200 with their body and no-store, whatever conditional headers come', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  for (const path of ['/healthz', '/readyz', '/metrics']) {
    for (const conditional of [{ 'if-none-match': '*' }, { 'if-modified-since': 'Fri, 01 Jan 2100 00:00:00 GMT' }, {}]) {
      const res = await request(stack.url).get(path).set(conditional).expect(200);
      assert.equal(res.headers['cache-control'], 'no-store', path);
      assert.ok(res.text.length > 0, `${path} ${JSON.stringify(conditional)}`);
    }
  }
  const health = await request(stack.url).get('/healthz').expect(200);
  assert.match(health.headers['content-type'] as string, /^application\/json/);
  assert.deepEqual(health.body, { status: 'ok' });
  assert.deepEqual((await request(stack.url).get('/readyz').expect(200)).body, { status: 'ready' });
});

test('/readyz: 200 when a token can be had, 503 zoom_unavailable when none can, 200 again after', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  stack.sim.faults.rejectCredentials(true);
  const res = await request(stack.url).get('/readyz').expect(503);
  assert.equal((res.body as { error: { code: string } }).error.code, 'zoom_unavailable');
  stack.sim.faults.rejectCredentials(false);
  stack.clock.advance(5_000); // past the failure /readyz remembers (below)
  await request(stack.url).get('/readyz').expect(200);
});

// Found in review: /readyz is unauthenticated, and each probe while no token could be had was an OAuth call.
test('/readyz remembers a failure for 5 s: probes in a burst cost one OAuth call, and another route that gets a token makes it ready at once', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  stack.sim.faults.rejectCredentials(true);
  const oauthCalls = (): number => stack.sim.seen.requests.filter((r) => r.kind === 'oauth').length;
  for (let i = 0; i < 20; i++) await request(stack.url).get('/readyz').expect(503);
  assert.equal(oauthCalls(), 1);
  stack.clock.advance(5_000);
  await request(stack.url).get('/readyz').expect(503);
  assert.equal(oauthCalls(), 2, 'tried again after 5 s');
  stack.sim.faults.rejectCredentials(false);
  const user = stack.sim.addUser({ email: 'ready@example.com' });
  await request(stack.url).get(`/v2/users/${user.id}`).set('authorization', `Bearer ${CANARY.clientKey}`).expect(200);
  await request(stack.url).get('/readyz').expect(200);
});

test('/readyz stays 200 while a valid token is held even if Zoom is unreachable for a moment', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  await request(stack.url).get('/readyz').expect(200);
  await stack.sim.faults.down();
  await request(stack.url).get('/readyz').expect(200);
  stack.clock.advance(3601_000); // the held token has expired and none can be minted
  await request(stack.url).get('/readyz').expect(503);
  await stack.sim.faults.up();
  stack.clock.advance(5_000); // past the remembered failure
  await request(stack.url).get('/readyz').expect(200);
});

test('/metrics exposes requests, upstream calls and cache hits with the zlp_ prefix', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  stack.sim.addUser({ email: BOT_USER });
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  await request(stack.url).get('/zak').expect(401);
  const res = await request(stack.url).get('/metrics').expect(200);
  assert.match(res.headers['content-type'] as string, /^text\/plain/);
  const text = res.text;
  assert.match(text, /zlp_http_requests_total\{route="zak",method="GET",status="200"\} 2/);
  assert.match(text, /zlp_http_requests_total\{route="zak",method="GET",status="401"\} 1/);
  assert.match(text, /zlp_upstream_requests_total\{kind="oauth",status="200"\} 1/);
  assert.match(text, /zlp_upstream_requests_total\{kind="zak",status="200"\} 1/);
  assert.match(text, /zlp_token_cache_total\{cache="zak",result="miss"\} 1/);
  assert.match(text, /zlp_token_cache_total\{cache="zak",result="hit"\} 1/);
  assert.ok(!text.includes(CANARY.botToken));
});

test('one JSON log line per request with method, route, status and duration, and no secret', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  stack.sim.addUser({ email: BOT_USER });
  await request(stack.url).get(`/zak?token=${CANARY.botToken}&bot_id=7`).expect(200);
  const lines = stack.logs.lines().filter((l) => l.msg === 'request');
  assert.equal(lines.length, 1);
  const line = lines[0] ?? {};
  assert.equal(line.method, 'GET');
  assert.equal(line.route, 'zak');
  assert.equal(line.status, 200);
  assert.equal(typeof line.durationMs, 'number');
  assert.equal(line.client, 'recall');
  assert.equal(line.url, '/zak?token=[redacted]&bot_id=7');
});
