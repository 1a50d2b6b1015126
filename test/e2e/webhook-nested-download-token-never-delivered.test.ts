import assert from 'node:assert/strict';
import { test } from 'node:test';
import { subscriberForTest } from '../helpers/relay-subscriber.js';
import { nowSeconds, webhookStackForTest } from '../helpers/webhook-stack.js';
import { WEBHOOK_CANARY, downloadTokenJwt, postEvent } from '../helpers/zoom-event.js';

/**
 * `download_token` is a Zoom credential wherever an event carries it: beside `event` (where
 * `recording.completed` has it today) or nested in `payload` or in a file. None reaches a subscriber.
 */

test('a download_token nested in payload or in a file never reaches a subscriber', async (t) => {
  const subscriber = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber }]);
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
  const delivered = (subscriber.received[0]?.body ?? assert.fail('not delivered')).toString('utf8');
  assert.ok(!delivered.includes(token), 'the download token reached the subscriber');
  assert.ok(!delivered.includes('download_token'), delivered);
  // What is left is the same JSON, less the tokens.
  const { download_token: _top, ...rest } = event;
  const { download_token: _nested, ...payload } = event.payload;
  assert.deepEqual(JSON.parse(delivered), { ...rest, payload: { ...payload, object: { ...payload.object, recording_files: [{ id: 'f1', file_type: 'MP4' }] } } });
});
