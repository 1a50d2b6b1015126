import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { Agent, request } from 'undici';
import { viaProxy } from '../helpers/passthrough.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { sleep } from '../helpers/redis-stores.js';
import { fetchFrom, startReplicas } from '../helpers/replica-stacks.js';
import { BOT_USER, CANARY, type Stack } from '../helpers/start-stack.js';
import { GOV_CANARY, twoAccountStackForTest, type TwoAccountStack } from '../helpers/two-account-stack.js';

const ZAK_MINT = { kind: 'api', path: /\/token$/ } as const;

function agentFor(t: TestContext): Agent {
  const agent = new Agent({ keepAliveTimeout: 100 });
  t.after(() => agent.close());
  return agent;
}

async function botZak(agent: Agent, stack: Pick<Stack, 'url'>, botToken: string = CANARY.botToken): Promise<{ status: number; retryAfter: string | undefined; code: string | undefined }> {
  const res = await request(`${stack.url}/zak?token=${botToken}`, { dispatcher: agent });
  const text = await res.body.text();
  const retryAfter = res.headers['retry-after'];
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.statusCode, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined, code };
}

/** The ZAK mints the account's Zoom was asked for (answered or not). */
const mintCalls = (stack: TwoAccountStack): number => stack.commercial.seen.requests.filter((r) => r.rawPath.includes('/token?')).length;

async function twoAccounts(t: TestContext): Promise<TwoAccountStack> {
  const stack = await twoAccountStackForTest(t);
  if (!stack.commercial.user(BOT_USER)) stack.commercial.addUser({ email: BOT_USER });
  return stack;
}

test('a 429 with Retry-After on a ZAK mint: /zak answers at once without calling Zoom until it passes; the other account and /v2 go on', async (t) => {
  const stack = await twoAccounts(t);
  const agent = agentFor(t);
  stack.commercial.faults.rateLimit({ match: ZAK_MINT, retryAfter: '30', count: 1 });
  assert.deepEqual(await botZak(agent, stack), { status: 502, retryAfter: '30', code: 'zoom_error' });
  assert.equal(mintCalls(stack), 1);

  assert.deepEqual(await botZak(agent, stack), { status: 502, retryAfter: '30', code: 'zoom_error' }, 'held, Zoom not asked');
  stack.clock.advance(20_000);
  assert.deepEqual(await botZak(agent, stack), { status: 502, retryAfter: '10', code: 'zoom_error' }, 'the seconds left');
  assert.equal(mintCalls(stack), 1, 'no call to Zoom while the limit holds');

  assert.equal((await botZak(agent, stack, GOV_CANARY.botToken)).status, 200, 'the other account is not held');
  const users = stack.commercial.seen.requests.length;
  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${encodeURIComponent(BOT_USER)}`)).status, 200, '/v2 still forwarded');
  assert.ok(stack.commercial.seen.requests.length > users);

  const metrics = await fetchFrom(agent, `${stack.url}/metrics`);
  assert.match(metrics.body, /zlp_zoom_rate_limited_total\{category="Light",type="remembered",account="commercial"\} 2/);
  assert.match(metrics.body, /zlp_zoom_rate_limited_total\{category="Light",type="QPS",account="commercial"\} 1/);
  assert.equal(stack.logs.lines().filter((l) => /rate-limited the proxy's own calls/.test(String(l.msg))).length, 1, 'logged once for the window');

  stack.clock.advance(10_001);
  assert.equal((await botZak(agent, stack)).status, 200, 'past the limit, Zoom is asked again');
  assert.equal(mintCalls(stack), 2);
});

test('Retry-After as an HTTP date, and a 429 with no Retry-After (a short default, for that user only)', async (t) => {
  const stack = await twoAccounts(t);
  const agent = agentFor(t);
  stack.commercial.faults.rateLimit({ match: ZAK_MINT, retryAfter: new Date(stack.clock.now() + 120_000).toUTCString(), count: 1 });
  assert.equal((await botZak(agent, stack)).status, 502);
  const held = await botZak(agent, stack);
  assert.equal(held.status, 502);
  assert.ok(Number(held.retryAfter) > 110 && Number(held.retryAfter) <= 120, `seconds left: ${held.retryAfter}`);
  assert.equal(mintCalls(stack), 1);
  stack.clock.advance(121_000);
  assert.equal((await botZak(agent, stack)).status, 200);
  assert.equal(mintCalls(stack), 2);

  // Zoom's per-user daily 429 has been seen with no rate-limit headers at all.
  stack.clock.advance(3_601_000); // past the ZAK just minted
  stack.commercial.faults.fail({ match: ZAK_MINT, status: 429, count: 1 });
  assert.equal((await botZak(agent, stack)).status, 502);
  assert.deepEqual(await botZak(agent, stack), { status: 502, retryAfter: '10', code: 'zoom_error' });
  assert.equal(mintCalls(stack), 3);
  const meeting = stack.commercial.addMeeting({ hostId: stack.commercial.addUser({ email: 'other-host@example.com' }).id });
  const start = await fetchFrom(agent, `${stack.url}/start/${meeting.id}`, { authorization: `Bearer ${CANARY.clientKey}` });
  assert.equal(start.status, 302, "another user's ZAK is minted");
  assert.equal(mintCalls(stack), 4);
  stack.clock.advance(10_001);
  assert.equal((await botZak(agent, stack)).status, 200);
  assert.equal(mintCalls(stack), 5);
});

test('a limit learned on one replica holds on another on the same Redis', async (t) => {
  const redis = await startTestRedis(t);
  if (!redis) return;
  const fleet = await startReplicas(t, redis, 2, { simulator: { seed: 'empty' } });
  const agent = agentFor(t);
  const { sim, stacks } = fleet;
  sim.addUser({ email: BOT_USER });
  const mints = (): number => sim.seen.requests.filter((r) => r.rawPath.includes('/token?')).length;
  sim.faults.rateLimit({ match: ZAK_MINT, retryAfter: '30', count: 1 });
  assert.equal((await botZak(agent, stacks[0]!)).status, 502);
  await sleep(200); // the limit's write to Redis is not awaited by the request
  assert.deepEqual(await botZak(agent, stacks[1]!), { status: 502, retryAfter: '30', code: 'zoom_error' });
  assert.equal(mints(), 1, 'the other replica did not call Zoom');
  fleet.clock.advance(30_001);
  assert.equal((await botZak(agent, stacks[1]!)).status, 200);
  assert.equal(mints(), 2);
});
