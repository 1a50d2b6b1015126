import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { addRecordingFiles, download, signedLink, type Downloaded } from '../helpers/download-client.js';
import { failOnEscapedErrors } from '../helpers/no-escaped-errors.js';
import { call } from '../helpers/passthrough.js';
import { BOT_USER, CANARY } from '../helpers/start-stack.js';
import type { FaultMatch } from '../../simulator/simulator.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * Zoom on a bad day, fault by fault, on each flow: start link, bot token, /v2 passthrough, recording
 * download. Each gets the answer the contract names, well before Zoom would have answered, nothing
 * crashes or rejects unhandled, and once the fault is cleared (and every cache has expired, so Zoom
 * is really asked again) every flow works. Service after the fault is checked after every test.
 */
failOnEscapedErrors();
const agent = useAgent();
let meetingId: number;
let hostId: string;
let fileId: string;

/** A day and a second: past every cache and any rate limit the proxy learned (a daily one ends by the next midnight UTC). */
const DAY_MS = 86_401_000;

const stack = useStack({
  simulator: { seed: 'empty' },
  configure: (c) => {
    c.zoom.timeoutSeconds = 0.5;
    c.downloads.idleTimeoutSeconds = 0.5;
  },
}, () => {
  stack.sim.addUser({ email: BOT_USER });
  hostId = stack.sim.addUser({ email: 'host@example.com' }).id;
  meetingId = stack.sim.addMeeting({ hostId }).id;
  [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: 300_000 });
});
afterEach(async () => {
  stack.sim.faults.clear();
  await stack.sim.faults.up();
  stack.clock.advance(DAY_MS); // past every cache (the token, the ZAKs, the meeting look-up) and every rate limit learned
  for (const flow of FLOWS) assert.equal((await flow.run()).status, flow.ok, `${flow.name} works once Zoom recovers`);
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

interface Flow {
  name: string;
  ok: number;
  /** Which of Zoom's requests the flow depends on, for a fault aimed at it. */
  match: FaultMatch;
  run(): Promise<Answer>;
}

const FLOWS: Flow[] = [
  { name: 'start link', ok: 302, match: { kind: 'api' }, run: () => call(agent, 'GET', `${stack.url}/start/${meetingId}`) },
  { name: 'bot token', ok: 200, match: { path: /\/token$/ }, run: () => call(agent, 'GET', `${stack.url}/zak?token=${CANARY.botToken}`, { key: null }) },
  { name: 'passthrough', ok: 200, match: { kind: 'api' }, run: () => call(agent, 'GET', `${stack.url}/v2/users/${hostId}`) },
  { name: 'download', ok: 200, match: { kind: 'web' }, run: () => download(signedLink(stack, fileId), { agent }) },
];

const code = (a: Answer): string | undefined => {
  try {
    return (JSON.parse(a.text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};

/** Runs every flow under the fault `arm` sets, checking its status and (the proxy's) error code. */
async function underFault(arm: (flow: Flow) => void | Promise<void>, expect: (flow: Flow) => [number, string | undefined]): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const flow of FLOWS) {
    stack.clock.advance(DAY_MS); // each flow starts cold, past a daily limit the previous one taught, so it meets the fault
    stack.sim.faults.clear();
    await arm(flow);
    const t0 = Date.now();
    const answer = await flow.run();
    // Zoom's faults last 10 s; the proxy's deadlines are 0.5 s. A generous bound for a busy machine.
    assert.ok(Date.now() - t0 < 6_000, `${flow.name}: answered without waiting for Zoom`);
    assert.deepEqual([answer.status, code(answer)], expect(flow), flow.name);
    if ('sha256' in answer && answer.status === 200) {
      const file = answer as Downloaded;
      assert.deepEqual([file.error, file.length], [undefined, 300_000], 'the whole file, resumed where it broke');
    }
    answers.push(answer);
  }
  return answers;
}

test('Zoom slow to send its headers: 504 zoom_timeout', async () => {
  await underFault((f) => stack.sim.faults.delay({ match: f.match, headersMs: 10_000 }), () => [504, 'zoom_timeout']);
});

test('Zoom sending its headers, then stalling in the body: 504 while nothing was sent; a download resumes', async () => {
  await underFault(
    (f) => stack.sim.faults.delay({ match: f.name === 'download' ? { kind: 'cdn' } : f.match, bodyMs: 10_000, afterBytes: 5, count: 1 }),
    (f) => (f.name === 'download' ? [200, undefined] : [504, 'zoom_timeout']),
  );
});

test('Zoom resetting the connection, before its headers and mid-answer: 502 zoom_unreachable; a download resumes mid-body', async () => {
  await underFault((f) => stack.sim.faults.reset({ match: f.match }), () => [502, 'zoom_unreachable']);
  await underFault(
    (f) => stack.sim.faults.reset({ match: f.name === 'download' ? { kind: 'cdn' } : f.match, afterBytes: 5, count: 1 }),
    (f) => (f.name === 'download' ? [200, undefined] : [502, 'zoom_unreachable']),
  );
});

test('Zoom answering 500 and 503: 502 zoom_error; the passthrough hands Zoom\'s own error on', async () => {
  for (const status of [500, 503]) {
    await underFault(
      (f) => stack.sim.faults.fail({ match: f.match, status }),
      (f) => (f.name === 'passthrough' ? [status, undefined] : [502, 'zoom_error']),
    );
  }
});

test('Zoom refusing connections (down): 502 zoom_unreachable', async () => {
  await underFault(() => stack.sim.faults.down(), () => [502, 'zoom_unreachable']);
});

/** Start links and bot tokens may answer only 502/504 when Zoom fails (docs/contract.md); /v2 and downloads pass the 429 on. */
const RATE_LIMITED: Record<string, [number, string | undefined]> = {
  'start link': [502, 'zoom_error'],
  'bot token': [502, 'zoom_error'],
  passthrough: [429, undefined],
  download: [429, 'zoom_rate_limited'],
};

test("Zoom rate-limiting, per second and daily: Zoom's Retry-After (seconds, or an HTTP date) on every flow", async () => {
  for (const type of ['QPS', 'Daily-limit'] as const) {
    const answers = await underFault(
      (f) => stack.sim.faults.rateLimit({ match: f.match, type }),
      (f) => RATE_LIMITED[f.name] ?? [0, 'unknown flow'],
    );
    for (const a of answers) {
      const retryAfter = String(a.headers['retry-after']);
      assert.ok(type === 'QPS' ? retryAfter === '1' : !Number.isNaN(Date.parse(retryAfter)), `${type}: ${retryAfter}`);
    }
  }
});

test('the OAuth endpoint slow, resetting, failing or refusing the credentials: 504, 502, 502, 502 on every flow', async () => {
  const oauth = { kind: 'oauth' } as const;
  await underFault(() => stack.sim.faults.delay({ match: oauth, headersMs: 10_000 }), () => [504, 'zoom_timeout']);
  await underFault(() => stack.sim.faults.delay({ match: oauth, bodyMs: 10_000, afterBytes: 5 }), () => [504, 'zoom_timeout']);
  await underFault(() => stack.sim.faults.reset({ match: oauth }), () => [502, 'zoom_unreachable']);
  await underFault(() => stack.sim.faults.fail({ match: oauth, status: 503 }), () => [502, 'zoom_error']);
  await underFault(() => stack.sim.faults.rejectCredentials(true), () => [502, 'zoom_auth_failed']);
});

test('/readyz: 503 zoom_unavailable while no token can be had, 200 once one can', async () => {
  stack.clock.advance(3601_000);
  await stack.sim.faults.down();
  const down = await call(agent, 'GET', `${stack.url}/readyz`, { key: null });
  assert.deepEqual([down.status, code(down)], [503, 'zoom_unavailable']);
  await stack.sim.faults.up();
  stack.clock.advance(5_000); // past the failure /readyz remembers
  assert.equal((await call(agent, 'GET', `${stack.url}/readyz`, { key: null })).status, 200);
});

test('every token invalidated at once, under concurrent load on every flow: all answered, one re-mint', async () => {
  for (const flow of FLOWS) await flow.run();
  const mints = stack.sim.seen.oauthMints;
  stack.sim.faults.invalidateAccessTokens();
  stack.clock.advance(31_000); // past the meeting look-up cache, within the token's life
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => FLOWS[i % FLOWS.length]!.run().then((a) => [FLOWS[i % FLOWS.length]!, a] as const)));
  for (const [flow, a] of answers) assert.equal(a.status, flow.ok, flow.name);
  assert.equal(stack.sim.seen.oauthMints, mints + 1);
});
