import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { eventually } from '../helpers/passthrough.js';
import { defaultWebhooks } from '../../src/config/config.js';
import { stackForTest } from '../helpers/start-stack.js';
import { nowSeconds } from '../helpers/webhook-stack.js';
import { startWebhookSubscriber } from '../helpers/webhook-subscriber.js';
import { WEBHOOK_CANARY, downloadTokenJwt, meetingEvent, postEvent } from '../helpers/zoom-event.js';

/**
 * Zoom counts an answer within 3 s of its request, not of the moment the proxy starts delivering:
 * the time spent making the event safe (a fresh ZAK minted for a `start_url` in mode `fresh-zak`,
 * with Zoom slow) comes out of the same budget, and Zoom is answered in time.
 */

test('Zoom is answered within 3 s of its request even when making the event safe was slow', async (t) => {
  const subscriber = await startWebhookSubscriber({ status: 200 });
  t.after(() => subscriber.close());
  const stack = await stackForTest(t, {
    configure: (config) => {
      config.links.startUrls = 'fresh-zak';
      config.zoom.webhookSecretToken = WEBHOOK_CANARY.secretToken;
      config.webhooks = { ...defaultWebhooks(), subscribers: [{ name: 'app', url: subscriber.url, secret: subscriber.secret, events: ['*'] }] };
    },
  });
  const meeting = DEMO.meetings.aliceScheduled;
  const zak = downloadTokenJwt(nowSeconds(stack) + 7200, 'CANARY-zak');
  stack.sim.faults.delay({ match: { kind: 'api', path: /\/token$/ }, headersMs: 1_800 });
  subscriber.answerNext({ delayMs: 1_500 });
  const event = meetingEvent('meeting.created', { start_url: `${stack.sim.webUrl}/s/${meeting}?zak=${zak}` });
  const started = performance.now();
  const answer = await postEvent(stack.url, '/webhooks/zoom', event, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
  const took = performance.now() - started;
  assert.ok(took < 3_000, `Zoom was answered ${Math.round(took)} ms after its request (${answer.status})`);
  // Answered 503 in time or 200: either way the subscriber gets the event once, and the re-send is answered 200.
  await eventually(() => stack.logs.lines().some((l) => l.outcome === 'delivered'), 'the delivery completed');
  const resend = await postEvent(stack.url, '/webhooks/zoom', event, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
  assert.equal(resend.status, 200, resend.text);
  assert.equal(subscriber.deliveries.length, 1);
});
