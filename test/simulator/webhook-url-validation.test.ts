/**
 * Zoom's "Validate": a signed `endpoint.url_validation` whose answer must be `200
 * {plainToken, encryptedToken}` (hex HMAC-SHA256 of plainToken with the secret token) within 3 s;
 * again every 72 h once it passed, while the endpoint is the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerResponse } from 'node:http';
import { harness, T0 } from '../helpers/simulator-harness.js';
import { createManualTimers } from '../helpers/manual-timers.js';
import { type ReceivedWebhook, startZoomWebhookReceiver } from '../helpers/zoom-webhook-receiver.js';

const SECRET = 'zoom-app-secret-token-0004';
const hmacHex = (key: string, text: string | Buffer): string => createHmac('sha256', key).update(text).digest('hex');

/** An endpoint that checks the signature by hand and answers with `key`'s encryptedToken (`status` otherwise). */
function answerWith(key: string, status = 200) {
  return (req: ReceivedWebhook, res: ServerResponse): void => {
    const timestamp = String(req.headers['x-zm-request-timestamp']);
    const signed = req.headers['x-zm-signature'] === `v0=${hmacHex(SECRET, Buffer.concat([Buffer.from(`v0:${timestamp}:`), req.body]))}`;
    const { plainToken } = (JSON.parse(req.body.toString('utf8')) as { payload: { plainToken: string } }).payload;
    if (!signed) return void res.writeHead(401).end();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ plainToken, encryptedToken: hmacHex(key, plainToken) }));
  };
}

test('a signed validation; true only for the right encryptedToken with a 200', async (t) => {
  const good = await startZoomWebhookReceiver(answerWith(SECRET));
  const wrongKey = await startZoomWebhookReceiver(answerWith('another-secret'));
  const wrongStatus = await startZoomWebhookReceiver(answerWith(SECRET, 201));
  t.after(() => Promise.all([good, wrongKey, wrongStatus].map((r) => r.close())).then(() => undefined));
  const h = await harness({ seed: 'empty', webhooks: { url: good.url, secretToken: SECRET } }, (fn) => t.after(fn));

  assert.equal(await h.sim.validateWebhookUrl(), true);
  const [validation] = h.sim.seen.webhooks;
  assert.equal(validation?.event, 'endpoint.url_validation');
  assert.deepEqual(Object.keys(validation.json()), ['payload', 'event_ts', 'event']);
  assert.equal(validation.json().event_ts, T0);
  assert.deepEqual([validation.attempts[0]?.validated, validation.state], [true, 'delivered']);
  assert.equal(good.received[0]?.headers['user-agent'], 'Zoom Marketplace/1.0a');

  h.sim.account().webhooks = { url: wrongKey.url, secretToken: SECRET };
  assert.equal(await h.sim.validateWebhookUrl(), false);
  h.sim.account().webhooks = { url: wrongStatus.url, secretToken: SECRET };
  assert.equal(await h.sim.validateWebhookUrl(), false);
  assert.deepEqual(h.sim.seen.webhooks.map((w) => [w.state, w.attempts[0]?.validated]), [['delivered', true], ['dropped', false], ['dropped', false]]);
  assert.equal(new Set(h.sim.seen.webhooks.map((w) => w.json().payload && JSON.stringify(w.json().payload))).size, 3, 'a new plainToken each time');
});

test('validated again every 72 hours while the endpoint stays; a new endpoint stops it', async (t) => {
  const endpoint = await startZoomWebhookReceiver(answerWith(SECRET));
  t.after(() => endpoint.close());
  const timers = createManualTimers(T0);
  const h = await harness({ seed: 'empty', clock: timers.now, timers, webhooks: { url: endpoint.url, secretToken: SECRET } }, (fn) => t.after(fn));
  assert.equal(await h.sim.validateWebhookUrl(), true);
  timers.advance(72 * 3_600_000 - 1);
  await sleep(50);
  assert.equal(endpoint.received.length, 1);
  timers.advance(1);
  for (let i = 0; i < 200 && h.sim.seen.webhooks[1]?.state !== 'delivered'; i++) await sleep(10);
  assert.equal(endpoint.received.length, 2);
  assert.equal(h.sim.seen.webhooks[1]?.attempts[0]?.at, T0 + 72 * 3_600_000);

  h.sim.account().webhooks = { url: endpoint.url, secretToken: SECRET }; // set again: Zoom asks for a new validation
  timers.advance(72 * 3_600_000);
  await sleep(50);
  assert.equal(endpoint.received.length, 2, 'the old schedule ended with the old endpoint');
});
