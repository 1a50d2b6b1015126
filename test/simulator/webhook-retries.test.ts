/**
 * Zoom counts only a `200`/`204` received whole within 3 s; otherwise it tries again about 5, 20 and
 * 60 minutes later, then drops the event. Every attempt is signed again, with a tracking id of its
 * own, and carries the first attempt's timestamp or a fresh one. Time runs on timers the test moves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerResponse } from 'node:http';
import type { SimWebhookDelivery, SimulatorOptions } from '../../simulator/simulator.js';
import { harness, T0, type Harness } from '../helpers/simulator-harness.js';
import { createManualTimers, type ManualTimers } from '../helpers/manual-timers.js';
import { type ReceivedWebhook, startZoomWebhookReceiver, type ZoomWebhookReceiver } from '../helpers/zoom-webhook-receiver.js';

const SECRET = 'zoom-app-secret-token-0002';
const MINUTE = 60_000;

interface Setup {
  h: Harness;
  timers: ManualTimers;
  receiver: ZoomWebhookReceiver;
  meetingId: number;
}

/** A simulator on manual timers whose endpoint answers each request with the next of `answers` (then 204). */
async function setup(t: { after(fn: () => Promise<void>): void }, answers: Array<number | 'hang'>, options: SimulatorOptions = {}): Promise<Setup> {
  const receiver = await startZoomWebhookReceiver((_req: ReceivedWebhook, res: ServerResponse) => {
    const answer = answers.shift() ?? 204;
    if (answer !== 'hang') res.writeHead(answer).end();
  });
  t.after(() => receiver.close());
  const timers = createManualTimers(T0);
  const h = await harness({ seed: 'empty', clock: timers.now, timers, webhooks: { url: receiver.url, secretToken: SECRET }, ...options }, (fn) => t.after(fn));
  const user = h.sim.addUser({ email: 'host@example.com' });
  const meeting = h.sim.addMeeting({ hostId: user.id });
  h.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: 100 }] });
  return { h, timers, receiver, meetingId: meeting.id };
}

/** Real-time wait for an attempt started by a timer to end (the endpoint is on loopback). */
async function attemptsReach(d: SimWebhookDelivery, n: number): Promise<void> {
  for (let i = 0; i < 200 && d.attempts.length < n; i++) await sleep(10);
  assert.equal(d.attempts.length, n);
}

function signedByHand(r: ReceivedWebhook): boolean {
  const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${String(r.headers['x-zm-request-timestamp'])}:`).update(r.body).digest('hex')}`;
  return r.headers['x-zm-signature'] === expected;
}

test('a failing endpoint: retried 5, 25 and 85 minutes after the first attempt, then dropped; each attempt signed, with its own tracking id and the first timestamp', async (t) => {
  const { h, timers, receiver, meetingId } = await setup(t, [500, 500, 500, 500]);
  const d = await h.sim.sendRecordingCompleted(meetingId);
  assert.deepEqual([d.state, d.attempts[0]?.status, d.attempts[0]?.outcome], ['pending', 500, 'refused']);

  timers.advance(5 * MINUTE - 1);
  await sleep(50);
  assert.equal(receiver.received.length, 1, 'nothing before 5 minutes');
  timers.advance(1);
  await attemptsReach(d, 2);
  timers.advance(20 * MINUTE);
  await attemptsReach(d, 3);
  timers.advance(60 * MINUTE);
  await attemptsReach(d, 4);
  assert.equal(await d.done, 'dropped');
  assert.equal(timers.pending, 0, 'nothing more is due');
  timers.advance(24 * 60 * MINUTE);
  await sleep(50);
  assert.equal(receiver.received.length, 4);

  assert.deepEqual(d.attempts.map((a) => a.at - T0), [0, 5, 25, 85].map((m) => m * MINUTE));
  const first = String(Math.floor(T0 / 1000));
  assert.deepEqual(receiver.received.map((r) => r.headers['x-zm-request-timestamp']), [first, first, first, first]);
  assert.ok(receiver.received.every(signedByHand));
  assert.ok(receiver.received.every((r) => r.body.equals(d.body)), 'the same bytes every time');
  assert.equal(new Set(receiver.received.map((r) => r.headers['x-zm-trackingid'])).size, 4, 'a tracking id per attempt');
});

test('retryTimestamp "fresh": a retry carries its own time, signed with it', async (t) => {
  const { h, timers, receiver, meetingId } = await setup(t, [503], { retryTimestamp: 'fresh' });
  const d = await h.sim.sendRecordingCompleted(meetingId);
  timers.advance(5 * MINUTE);
  await attemptsReach(d, 2);
  assert.equal(await d.done, 'delivered');
  assert.deepEqual(receiver.received.map((r) => r.headers['x-zm-request-timestamp']), [T0, T0 + 5 * MINUTE].map((ms) => String(Math.floor(ms / 1000))));
  assert.ok(receiver.received.every(signedByHand));
});

test('only 200 and 204 count: a 201 or a 302 is retried', async (t) => {
  const { h, timers, meetingId } = await setup(t, [201, 302, 200]);
  const d = await h.sim.sendRecordingCompleted(meetingId);
  timers.advance(5 * MINUTE);
  await attemptsReach(d, 2);
  timers.advance(20 * MINUTE);
  await attemptsReach(d, 3);
  assert.deepEqual(d.attempts.map((a) => [a.status, a.outcome]), [[201, 'refused'], [302, 'refused'], [200, 'delivered']]);
  assert.equal(d.state, 'delivered');
});

test('no whole answer within 3 s is a failure (timeout), and so is a closed port (error)', async (t) => {
  const { h, timers, receiver, meetingId } = await setup(t, ['hang']);
  const sending = h.sim.sendRecordingCompleted(meetingId);
  for (let i = 0; i < 200 && receiver.received.length === 0; i++) await sleep(10);
  timers.advance(2999);
  await sleep(50);
  const early = h.sim.seen.webhooks[0];
  assert.deepEqual(early?.attempts, [], 'still waiting at 2.999 s');
  timers.advance(1);
  const d = await sending;
  assert.deepEqual([d.attempts[0]?.outcome, d.state], ['timeout', 'pending']);

  await receiver.close();
  timers.advance(5 * MINUTE);
  await attemptsReach(d, 2);
  assert.deepEqual([d.attempts[1]?.outcome, d.attempts[1]?.status, d.attempts[1]?.error], ['error', 0, 'ECONNREFUSED']);
});

test('close() cancels the retries due and settles the delivery as closed', async (t) => {
  const { h, timers, meetingId } = await setup(t, [500]);
  const d = await h.sim.sendRecordingCompleted(meetingId);
  assert.equal(timers.pending, 1);
  await h.sim.close();
  assert.equal(await d.done, 'closed');
  assert.equal(timers.pending, 0);
});
