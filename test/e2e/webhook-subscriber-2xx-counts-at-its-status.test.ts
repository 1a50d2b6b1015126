import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { defaultWebhooks } from '../../src/config/config.js';
import { stackForTest } from '../helpers/start-stack.js';
import { nowSeconds } from '../helpers/webhook-stack.js';
import { WEBHOOK_CANARY, downloadTokenJwt, postEvent, recordingCompleted } from '../helpers/zoom-event.js';

/**
 * A subscriber's `2xx` within webhooks.deliveryTimeoutSeconds counts as delivered: its status is
 * what counts, not what follows it. A 2xx whose body is slow, endless or large was taken all the
 * same; counting it failed makes Zoom's re-send deliver the event to that subscriber a second time.
 */

/** A subscriber that answers `200` at once and then `finish`es the body its own way. */
async function subscriberAnswering(t: TestContext, finish: (res: ServerResponse) => void): Promise<{ url: string; count: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      finish(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`, count: () => count };
}

const cases: [string, (res: ServerResponse) => void][] = [
  ['a body that comes after the delivery timeout', (res) => setTimeout(() => res.end('{"ok":true}'), 1_500)],
  ['a body over a megabyte', (res) => res.end(`"${'x'.repeat(2 * 1024 * 1024)}"`)],
];

for (const [what, finish] of cases) {
  test(`a 2xx with ${what} is delivered: Zoom gets 200 and its re-send is not delivered again`, async (t) => {
    const subscriber = await subscriberAnswering(t, finish);
    const stack = await stackForTest(t, {
      configure: (config) => {
        config.zoom.webhookSecretToken = WEBHOOK_CANARY.secretToken;
        config.webhooks = { ...defaultWebhooks(), deliveryTimeoutSeconds: 0.5, subscribers: [{ name: 'app', url: subscriber.url, secret: WEBHOOK_CANARY.subscriberSecret, events: ['*'] }] };
      },
    });
    const event = recordingCompleted({ webUrl: stack.sim.webUrl, fileIds: [DEMO.recordings.aliceScheduled.files.transcript], downloadToken: downloadTokenJwt(nowSeconds(stack) + 86_400) });
    const first = await postEvent(stack.url, '/webhooks/zoom', event, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
    const resend = await postEvent(stack.url, '/webhooks/zoom', event, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
    assert.equal(subscriber.count(), 1, 'delivered twice to a subscriber that answered 200 the first time');
    assert.equal(first.status, 200, first.text);
    assert.equal(resend.status, 200, resend.text);
  });
}
