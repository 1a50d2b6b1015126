import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { subscriberForTest } from '../helpers/webhook-subscriber.js';
import { nowSeconds, webhookStackForTest } from '../helpers/webhook-stack.js';
import { WEBHOOK_CANARY, downloadTokenJwt, postEvent, recordingCompleted } from '../helpers/zoom-event.js';

/**
 * Zoom sends some events twice: the same body again, or one differing only in its download links
 * and token (from another address), at once or later. Each subscriber gets the event once; Zoom gets
 * `200` every time.
 */

const files = [DEMO.recordings.aliceScheduled.files.transcript, DEMO.recordings.aliceScheduled.files.mp4];

test('a duplicate, later or at the same time, and one with other links and token, reach each subscriber once', async (t) => {
  const a = await subscriberForTest(t);
  const b = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber: a }, { subscriber: b, events: ['recording.completed'] }]);
  const post = (body: Buffer, n: number) =>
    postEvent(stack.url, '/webhooks/zoom', body, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack), trackingId: `rid=${n}` });
  const token = downloadTokenJwt(nowSeconds(stack) + 86_400);
  const event = recordingCompleted({ webUrl: stack.sim.webUrl, fileIds: files, downloadToken: token });

  assert.equal((await post(event, 1)).status, 200);
  assert.equal((await post(event, 2)).status, 200, 'the same bytes again');
  stack.clock.advance(60_000);
  const other = recordingCompleted({ webUrl: stack.sim.cdnUrl, fileIds: files, downloadToken: downloadTokenJwt(nowSeconds(stack) + 86_400, 'other') });
  assert.equal((await post(other, 3)).status, 200, 'from another address, other links and token');
  assert.equal(a.deliveries.length, 1);
  assert.equal(b.deliveries.length, 1);

  // Two copies of a new event at the same time: the second joins the first's delivery.
  const next = recordingCompleted({ webUrl: stack.sim.webUrl, fileIds: files, downloadToken: token, eventTs: 1_765_000_999_000 });
  const answers = await Promise.all([post(next, 4), post(next, 5)]);
  assert.deepEqual(answers.map((r) => r.status), [200, 200]);
  assert.equal(a.deliveries.length, 2);
  assert.equal(b.deliveries.length, 2);
  assert.notEqual(a.deliveries[0]?.headers['webhook-id'], a.deliveries[1]?.headers['webhook-id'], 'another event, another id');

  const metrics = await (await fetch(`${stack.url}/metrics`)).text();
  assert.match(metrics, /zlp_webhook_deliveries_total\{subscriber="app-0",outcome="duplicate"\} 2/);
  assert.match(metrics, /zlp_webhook_deliveries_total\{subscriber="app-0",outcome="delivered"\} 2/);
});
