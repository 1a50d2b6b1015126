import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultWebhooks } from '../../src/config/config.js';
import { stackForTest } from '../helpers/start-stack.js';
import { nowSeconds } from '../helpers/webhook-stack.js';
import { startWebhookSubscriber } from '../helpers/webhook-subscriber.js';
import { WEBHOOK_CANARY, downloadTokenJwt, postEvent } from '../helpers/zoom-event.js';

/**
 * `download_token` is a Zoom credential wherever an event carries it: beside `event` (where
 * `recording.completed` has it today) or nested in `payload` or in a file. None reaches a subscriber.
 */

test('a download_token nested in payload or in a file never reaches a subscriber', async (t) => {
  const subscriber = await startWebhookSubscriber({ status: 200 });
  t.after(() => subscriber.close());
  const stack = await stackForTest(t, {
    configure: (config) => {
      config.zoom.webhookSecretToken = WEBHOOK_CANARY.secretToken;
      config.webhooks = { ...defaultWebhooks(), subscribers: [{ name: 'app', url: subscriber.url, secret: subscriber.secret, events: ['*'] }] };
    },
  });
  const token = downloadTokenJwt(nowSeconds(stack) + 86_400, 'CANARY-nested-download-token');
  const event = {
    event: 'recording.completed',
    event_ts: 1_765_000_000_789,
    payload: {
      account_id: 'test-account',
      download_token: token,
      object: { id: 85012345678, topic: 'Café', recording_files: [{ id: 'f1', file_type: 'MP4', download_token: token }] },
    },
    download_token: token,
  };
  const body = Buffer.from(JSON.stringify(event, null, 2));
  const res = await postEvent(stack.url, '/webhooks/zoom', body, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
  assert.equal(res.status, 200, res.text);
  const delivered = (subscriber.deliveries[0] ?? assert.fail('not delivered')).text;
  assert.ok(!delivered.includes(token), 'the download token reached the subscriber');
  assert.ok(!delivered.includes('download_token'), delivered);
  // What is left is the same JSON, less the tokens.
  const { download_token: _top, ...rest } = event;
  const { download_token: _nested, ...payload } = event.payload;
  assert.deepEqual(JSON.parse(delivered), { ...rest, payload: { ...payload, object: { ...payload.object, recording_files: [{ id: 'f1', file_type: 'MP4' }] } } });
});
