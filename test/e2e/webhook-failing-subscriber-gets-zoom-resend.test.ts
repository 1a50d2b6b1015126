import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { ZOOM_ANSWER_WITHIN_MS } from '../../src/webhooks/webhook-queue.js';
import { eventually } from '../helpers/passthrough.js';
import { subscriberForTest } from '../helpers/webhook-subscriber.js';
import { nowSeconds, webhookStackForTest } from '../helpers/webhook-stack.js';
import { WEBHOOK_CANARY, downloadTokenJwt, postEvent, recordingCompleted } from '../helpers/zoom-event.js';

/**
 * With the memory store, Zoom's `200` means every matching subscriber took the event. One that
 * failed makes it `503`; Zoom's re-send (another attempt, another tracking id and timestamp) reaches
 * it with the same webhook-id, and not the subscriber that took it the first time. A slow one is cut
 * at webhooks.deliveryTimeoutSeconds and delays no other; one slower than Zoom waits is answered 503
 * in time, and its delivery, once taken, is not repeated for the re-send.
 */

const files = [DEMO.recordings.aliceScheduled.files.transcript];

test('a failing subscriber: Zoom gets 503, its re-send reaches that subscriber only, with the same webhook-id', async (t) => {
  const failing = await subscriberForTest(t);
  const healthy = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber: failing, name: 'ingester' }, { subscriber: healthy, name: 'archive' }]);
  const event = recordingCompleted({ webUrl: stack.sim.webUrl, fileIds: files, downloadToken: downloadTokenJwt(nowSeconds(stack) + 86_400) });
  failing.answerNext({ status: 500 });

  const first = await postEvent(stack.url, '/webhooks/zoom', event, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack), trackingId: 'rid=first' });
  assert.equal(first.status, 503);
  assert.equal((first.body as { error: { code: string } }).error.code, 'webhook_not_delivered');
  assert.equal(failing.deliveries.length, 1);
  assert.equal(healthy.deliveries.length, 1);

  // Zoom's first retry, five minutes later: a fresh timestamp and tracking id, the same body.
  stack.clock.advance(5 * 60_000);
  const resend = await postEvent(stack.url, '/webhooks/zoom', event, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack), trackingId: 'rid=retry' });
  assert.equal(resend.status, 200, resend.text);
  assert.equal(failing.deliveries.length, 2);
  assert.equal(healthy.deliveries.length, 1, 'not delivered twice to the one that took it');
  assert.equal(failing.deliveries[1]?.headers['webhook-id'], failing.deliveries[0]?.headers['webhook-id']);
  assert.equal(failing.deliveries[1]?.headers['webhook-id'], healthy.deliveries[0]?.headers['webhook-id']);
  assert.notEqual(failing.deliveries[1]?.headers['webhook-timestamp'], failing.deliveries[0]?.headers['webhook-timestamp'], 'each attempt signed when it is made');

  // One log line per attempt, naming the subscriber, the id, the event, the outcome, the status and the time taken.
  const attempts = stack.logs.lines().filter((l) => l.subscriber !== undefined && typeof l.ms === 'number');
  for (const line of attempts) {
    assert.equal(line.event, 'recording.completed');
    assert.equal(line.webhookId, failing.deliveries[0]?.headers['webhook-id']);
    assert.equal(line.status, line.outcome === 'delivered' ? 200 : 500);
  }
  assert.equal(attempts.length, 3);
  assert.deepEqual(attempts.filter((l) => l.subscriber === 'ingester').map((l) => l.outcome), ['refused', 'delivered']);
  assert.deepEqual(attempts.filter((l) => l.subscriber === 'archive').map((l) => l.outcome), ['delivered']);

  const metrics = await (await fetch(`${stack.url}/metrics`)).text();
  assert.match(metrics, /zlp_webhooks_received_total\{event="recording.completed",outcome="not_delivered"\} 1/);
  assert.match(metrics, /zlp_webhooks_received_total\{event="recording.completed",outcome="delivered"\} 1/);
  assert.match(metrics, /zlp_webhook_deliveries_total\{subscriber="ingester",outcome="refused"\} 1/);
  assert.match(metrics, /zlp_webhook_deliveries_total\{subscriber="ingester",outcome="delivered"\} 1/);
  assert.match(metrics, /zlp_webhook_deliveries_total\{subscriber="archive",outcome="duplicate"\} 1/);
});

test('a slow subscriber is cut at deliveryTimeoutSeconds and delays nobody else', async (t) => {
  const slow = await subscriberForTest(t);
  const quick = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber: slow, name: 'slow' }, { subscriber: quick, name: 'quick' }], {
    configure: (config) => (config.webhooks.deliveryTimeoutSeconds = 0.5),
  });
  slow.answerNext({ delayMs: 2000 });
  const event = recordingCompleted({ webUrl: stack.sim.webUrl, fileIds: files, downloadToken: downloadTokenJwt(nowSeconds(stack) + 86_400) });
  const started = performance.now();
  const answer = await postEvent(stack.url, '/webhooks/zoom', event, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
  const took = performance.now() - started;
  assert.equal(answer.status, 503);
  assert.ok(took < 1500, `answered at the delivery timeout, not when the slow subscriber answered (${Math.round(took)} ms)`);
  assert.equal(quick.deliveries.length, 1);
  const line = stack.logs.lines().find((l) => l.subscriber === 'slow');
  assert.equal(line?.outcome, 'timeout');
});

test('a subscriber slower than Zoom waits is answered 503 in time; its delivery goes on, and the re-send is not delivered again', async (t) => {
  const slow = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber: slow, name: 'slow' }]);
  slow.answerNext({ delayMs: ZOOM_ANSWER_WITHIN_MS + 500 });
  const event = recordingCompleted({ webUrl: stack.sim.webUrl, fileIds: files, downloadToken: downloadTokenJwt(nowSeconds(stack) + 86_400) });
  const started = performance.now();
  const answer = await postEvent(stack.url, '/webhooks/zoom', event, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
  const took = performance.now() - started;
  assert.equal(answer.status, 503);
  assert.ok(took < 3000, `answered within Zoom's 3 s (${Math.round(took)} ms)`);
  await eventually(() => stack.logs.lines().some((l) => l.subscriber === 'slow' && l.outcome === 'delivered'), 'the delivery completed after the answer');

  const resend = await postEvent(stack.url, '/webhooks/zoom', event, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
  assert.equal(resend.status, 200);
  assert.equal(slow.deliveries.length, 1, 'taken once, late: not sent again');
});
