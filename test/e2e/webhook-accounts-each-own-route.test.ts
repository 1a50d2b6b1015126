import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultWebhooks } from '../../src/config/config.js';
import { maskLinks } from '../helpers/passthrough.js';
import { subscriberForTest } from '../helpers/webhook-subscriber.js';
import { DEMO_GOV, twoAccountStackForTest } from '../helpers/two-account-stack.js';
import { nowSeconds, subscribersOf } from '../helpers/webhook-stack.js';
import { WEBHOOK_CANARY, downloadTokenJwt, meetingEvent, postEvent, recordingCompleted } from '../helpers/zoom-event.js';

/**
 * With several accounts each has its own route, `/webhooks/zoom/{account}`, checked with its own
 * Secret Token (Zoom's url_validation names no account); subscribers get the accounts they asked
 * for, with links of that account. A reload applies new secrets and subscribers to the next event.
 */

test('two accounts: a route each, its own secret, its own links, subscribers by account; a reload applies', async (t) => {
  const everything = await subscriberForTest(t);
  const govOnly = await subscriberForTest(t);
  const specs = [{ subscriber: everything, name: 'everything' }, { subscriber: govOnly, name: 'gov-only', accounts: ['gov'] }];
  const stack = await twoAccountStackForTest(t, {
    configure: (config) => {
      const [commercial, gov] = config.accounts ?? [];
      if (commercial === undefined || gov === undefined) throw new Error('two accounts expected');
      commercial.webhookSecretToken = WEBHOOK_CANARY.secretToken;
      gov.webhookSecretToken = WEBHOOK_CANARY.govSecretToken;
      config.webhooks = { ...defaultWebhooks(), subscribers: subscribersOf(specs) };
    },
  });
  const now = nowSeconds(stack);
  const file = DEMO_GOV.recordings.danaScheduled.files.transcript;
  const event = recordingCompleted({ webUrl: stack.gov.webUrl, fileIds: [file], downloadToken: downloadTokenJwt(now + 86_400) });
  const post = (path: string, secret: string, body = event) => postEvent(stack.url, path, body, { secret, timestampSeconds: now });

  assert.equal((await post('/webhooks/zoom', WEBHOOK_CANARY.secretToken)).status, 404, 'with a list, no route without an account');
  assert.equal((await post('/webhooks/zoom/nobody', WEBHOOK_CANARY.secretToken)).status, 404);
  assert.equal((await post('/webhooks/zoom/gov', WEBHOOK_CANARY.secretToken)).status, 401, "commercial's secret does not sign gov's events");
  assert.equal(everything.deliveries.length + govOnly.deliveries.length, 0);

  assert.equal((await post('/webhooks/zoom/commercial', WEBHOOK_CANARY.secretToken, meetingEvent('meeting.started'))).status, 200);
  assert.equal(everything.deliveries.length, 1);
  assert.equal(govOnly.deliveries.length, 0, 'a subscriber limited to gov does not get commercial\'s events');

  assert.equal((await post('/webhooks/zoom/gov', WEBHOOK_CANARY.govSecretToken)).status, 200);
  assert.equal(everything.deliveries.length, 2);
  assert.equal(govOnly.deliveries.length, 1);
  const link = maskLinks(govOnly.deliveries[0]?.body ?? Buffer.alloc(0)).links[0] ?? '';
  assert.equal(new URL(link).searchParams.get('acct'), 'gov', "the link is gov's: gov's credential serves it");
  const download = await fetch(link);
  assert.equal(download.status, 200);
  await download.arrayBuffer();

  // The same event to commercial's route is commercial's event: another id.
  assert.equal((await post('/webhooks/zoom/commercial', WEBHOOK_CANARY.secretToken)).status, 200);
  assert.notEqual(everything.deliveries[2]?.headers['webhook-id'], everything.deliveries[1]?.headers['webhook-id']);

  const metrics = await (await fetch(`${stack.url}/metrics`)).text();
  assert.match(metrics, /zlp_webhooks_received_total\{event="recording.completed",outcome="delivered",account="gov"\} 1/);
  assert.match(metrics, /zlp_webhook_deliveries_total\{subscriber="gov-only",outcome="delivered",account="gov"\} 1/);

  // A reload: gov's route goes (no secret), a new subscriber takes commercial's next event.
  const late = await subscriberForTest(t);
  const next = structuredClone(stack.proxy.services.config);
  delete next.accounts?.[1]?.webhookSecretToken;
  next.webhooks.subscribers = subscribersOf([...specs, { subscriber: late, name: 'late' }]);
  stack.proxy.reload(next);
  assert.equal((await post('/webhooks/zoom/gov', WEBHOOK_CANARY.govSecretToken, meetingEvent('meeting.ended'))).status, 404);
  assert.equal((await post('/webhooks/zoom/commercial', WEBHOOK_CANARY.secretToken, meetingEvent('meeting.ended'))).status, 200);
  assert.equal(late.deliveries.length, 1);
  assert.equal(everything.deliveries.length, 4);
  // What was delivered outlives the reload: the first event again reaches nobody twice.
  assert.equal((await post('/webhooks/zoom/commercial', WEBHOOK_CANARY.secretToken, meetingEvent('meeting.started'))).status, 200);
  assert.equal(everything.deliveries.length, 4);
  assert.equal(late.deliveries.length, 2, 'the new subscriber had not taken it');
});
