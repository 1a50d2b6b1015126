import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import request from 'supertest';
import { CANARY } from '../helpers/start-stack.js';
import { useStack } from '../helpers/use-stack.js';

let meetingId: number;
const stack = useStack({ simulator: { seed: 'empty' }, configure: (c) => (c.zoom.timeoutSeconds = 0.5) }, () => {
  meetingId = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'alice@example.com' }).id }).id;
});
afterEach(() => stack.sim.faults.clear());

const start = () => request(stack.url).get(`/start/${meetingId}`).set('authorization', `Bearer ${CANARY.clientKey}`);
const code = (res: request.Response) => (res.body as { error: { code: string } }).error.code;

test('Zoom answering 500 gives 502 zoom_error', async () => {
  stack.sim.faults.fail({ match: { kind: 'api' }, status: 500 });
  assert.equal(code(await start().expect(502)), 'zoom_error');
});

test('Zoom too slow gives 504 zoom_timeout within the configured time', async () => {
  stack.sim.faults.delay({ match: { kind: 'api' }, headersMs: 2_000 });
  const t0 = Date.now();
  assert.equal(code(await start().expect(504)), 'zoom_timeout');
  assert.ok(Date.now() - t0 < 1_500, 'answered near zoom.timeoutSeconds, not when Zoom finally answered');
});

test('Zoom resetting the connection gives 502 zoom_unreachable', async () => {
  stack.sim.faults.reset({ match: { kind: 'api' } });
  assert.equal(code(await start().expect(502)), 'zoom_unreachable');
});

test('Zoom rate-limiting is Zoom failing (the contract\'s 502), with Zoom\'s Retry-After kept', async () => {
  stack.sim.faults.rateLimit({ match: { kind: 'api' }, retryAfter: '7' });
  const res = await start().expect(502);
  assert.equal(code(res), 'zoom_error');
  assert.equal(res.headers['retry-after'], '7');
  stack.clock.advance(7_000); // past the limit the proxy learned from it
});

test('Zoom down gives 502, and service comes back when Zoom does', async () => {
  await stack.sim.faults.down();
  try {
    assert.equal(code(await start().expect(502)), 'zoom_unreachable');
  } finally {
    await stack.sim.faults.up();
  }
  await start().expect(302);
});

test('the request log line of a Zoom failure carries Zoom\'s tracking id (Zoom support asks for it)', async () => {
  stack.clock.advance(31_000); // past the meeting look-up the previous test cached
  stack.sim.faults.fail({ match: { kind: 'api' }, status: 503 });
  await start().expect(502);
  const line = stack.logs.lines().filter((l) => l.msg === 'request' && l.route === 'start').at(-1);
  assert.match(String(line?.trackingId), /\S{8,}/);
});
