import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { subscriberForTest } from '../helpers/webhook-subscriber.js';
import { nowSeconds, webhookStackForTest } from '../helpers/webhook-stack.js';
import { WEBHOOK_CANARY, meetingEvent, postEvent } from '../helpers/zoom-event.js';

/**
 * Each delivery carries the Standard Webhooks headers: the subscriber verifies it with the
 * `standardwebhooks` library, or by hand (HMAC-SHA256 with the secret's bytes over
 * `{webhook-id}.{webhook-timestamp}.{body}`), and anything else changed fails.
 */

test('deliveries verify with the standardwebhooks library and by hand, with the subscriber\'s own secret', async (t) => {
  const first = await subscriberForTest(t);
  const second = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber: first }, { subscriber: second, secret: WEBHOOK_CANARY.otherSubscriberSecret }]);
  const body = meetingEvent('meeting.ended', { topic: 'Réunion \u{1F3A5}' });
  const res = await postEvent(stack.url, '/webhooks/zoom', body, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
  assert.equal(res.status, 200, res.text);

  for (const [subscriber, secret] of [[first, WEBHOOK_CANARY.subscriberSecret], [second, WEBHOOK_CANARY.otherSubscriberSecret]] as const) {
    const delivery = subscriber.deliveries[0];
    assert.ok(delivery);
    const headers = delivery.headers as Record<string, string>;
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['zlp-event'], 'meeting.ended');
    assert.match(headers['webhook-id'] ?? '', /^msg_[\w-]+$/);
    assert.equal(headers['webhook-timestamp'], String(nowSeconds(stack)));
    assert.deepEqual(delivery.body, body, 'nothing to rewrite in it: Zoom\'s bytes');

    // The library: what a subscriber runs.
    const parsed = new Webhook(secret).verify(delivery.body, headers) as { event: string };
    assert.equal(parsed.event, 'meeting.ended');
    // By hand: the scheme, from its specification.
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const signed = Buffer.concat([Buffer.from(`${headers['webhook-id']}.${headers['webhook-timestamp']}.`), delivery.body]);
    assert.equal(headers['webhook-signature'], `v1,${createHmac('sha256', key).update(signed).digest('base64')}`);

    // Anything else changed does not verify.
    const altered = Buffer.from(delivery.body);
    altered[10] = (altered[10] as number) ^ 1;
    assert.throws(() => new Webhook(secret).verify(altered, headers));
    assert.throws(() => new Webhook(secret).verify(delivery.body, { ...headers, 'webhook-id': `${headers['webhook-id']}x` }));
    const other = secret === WEBHOOK_CANARY.subscriberSecret ? WEBHOOK_CANARY.otherSubscriberSecret : WEBHOOK_CANARY.subscriberSecret;
    assert.throws(() => new Webhook(other).verify(delivery.body, headers), 'one subscriber cannot forge another\'s');
  }
  assert.equal(first.deliveries[0]?.headers['webhook-id'], second.deliveries[0]?.headers['webhook-id'], 'one event, one id for every subscriber');
});
