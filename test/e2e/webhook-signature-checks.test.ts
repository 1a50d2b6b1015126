import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { subscriberForTest } from '../helpers/webhook-subscriber.js';
import { nowSeconds, webhookStackForTest } from '../helpers/webhook-stack.js';
import { WEBHOOK_CANARY, meetingEvent, postEvent, zoomSignatureHeaders } from '../helpers/zoom-event.js';

/**
 * Every request to the webhook route is checked before anything else, url_validation included:
 * one row per way a signature can be right or wrong. A refused event reaches no subscriber, answers
 * `401 webhook_signature_invalid`, and is logged with Zoom's tracking id, never with its body or signature.
 */

const TOLERANCE = 5400;
const SECRET = WEBHOOK_CANARY.secretToken;

interface Row {
  name: string;
  /** The body, and how the request is signed and sent, given now (epoch seconds). */
  request(now: number, n: number): { body: Buffer; secret?: string; timestampSeconds: number; headers?: Record<string, string | undefined> };
  status: number;
  delivered: boolean;
}

const event = (n: number): Buffer => meetingEvent('meeting.started', { topic: `row ${n}` });
const validation = (plainToken: string): Buffer => Buffer.from(JSON.stringify({ event: 'endpoint.url_validation', event_ts: 1, payload: { plainToken } }));

const rows: Row[] = [
  { name: 'valid', request: (now, n) => ({ body: event(n), secret: SECRET, timestampSeconds: now }), status: 200, delivered: true },
  { name: 'timestamp missing', request: (now, n) => ({ body: event(n), secret: SECRET, timestampSeconds: now, headers: { 'x-zm-request-timestamp': undefined } }), status: 401, delivered: false },
  { name: 'signature missing', request: (now, n) => ({ body: event(n), secret: SECRET, timestampSeconds: now, headers: { 'x-zm-signature': undefined } }), status: 401, delivered: false },
  { name: 'timestamp not a number', request: (now, n) => ({ body: event(n), secret: SECRET, timestampSeconds: now, headers: { 'x-zm-request-timestamp': `${now}.5` } }), status: 401, delivered: false },
  {
    name: 'signature wrong (another body signed)',
    request: (now, n) => ({ body: event(n), timestampSeconds: now, headers: zoomSignatureHeaders(SECRET, event(n + 1000), now) }),
    status: 401,
    delivered: false,
  },
  { name: 'signature without v0=', request: (now, n) => ({ body: event(n), timestampSeconds: now, headers: { 'x-zm-request-timestamp': String(now), 'x-zm-signature': (zoomSignatureHeaders(SECRET, event(n), now)['x-zm-signature'] ?? '').slice(3) } }), status: 401, delivered: false },
  { name: 'stale (one second past the window)', request: (now, n) => ({ body: event(n), secret: SECRET, timestampSeconds: now - TOLERANCE - 1 }), status: 401, delivered: false },
  { name: 'old but inside the window (a retry keeping its first timestamp)', request: (now, n) => ({ body: event(n), secret: SECRET, timestampSeconds: now - TOLERANCE + 5 }), status: 200, delivered: true },
  { name: 'future (one second past the window)', request: (now, n) => ({ body: event(n), secret: SECRET, timestampSeconds: now + TOLERANCE + 1 }), status: 401, delivered: false },
  { name: "another account's secret", request: (now, n) => ({ body: event(n), secret: WEBHOOK_CANARY.govSecretToken, timestampSeconds: now }), status: 401, delivered: false },
  {
    name: 'body altered by one byte after signing',
    request: (now, n) => {
      const body = event(n);
      const headers = zoomSignatureHeaders(SECRET, body, now);
      const altered = Buffer.from(body);
      altered[altered.length - 3] = (altered[altered.length - 3] as number) ^ 1;
      return { body: altered, timestampSeconds: now, headers };
    },
    status: 401,
    delivered: false,
  },
  {
    name: 'signed with the timestamp of another second',
    request: (now, n) => ({ body: event(n), timestampSeconds: now, headers: { ...zoomSignatureHeaders(SECRET, event(n), now - 1), 'x-zm-request-timestamp': String(now) } }),
    status: 401,
    delivered: false,
  },
  { name: 'non-ASCII body, signed over its bytes', request: (now, n) => ({ body: meetingEvent('meeting.started', { topic: `Réunion \u2014 会議 \u{1F3A5} ${n}` }), secret: SECRET, timestampSeconds: now }), status: 200, delivered: true },
];

test('the webhook route checks every signature before anything else', async (t) => {
  const subscriber = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber }]);
  for (const [n, row] of rows.entries()) {
    await t.test(row.name, async () => {
      const before = subscriber.deliveries.length;
      const trackingId = `v=2.0&rid=row-${n}`;
      const { body, ...options } = row.request(nowSeconds(stack), n);
      const res = await postEvent(stack.url, '/webhooks/zoom', body, { ...options, trackingId });
      assert.equal(res.status, row.status, res.text);
      assert.equal(subscriber.deliveries.length - before, row.delivered ? 1 : 0);
      if (row.status === 401) {
        assert.equal((res.body as { error: { code: string } }).error.code, 'webhook_signature_invalid');
        const line = stack.logs.lines().find((l) => l.trackingId === trackingId && typeof l.reason === 'string');
        assert.ok(line, 'the refusal is logged with the tracking id');
        assert.ok(!JSON.stringify(line).includes('row '), 'never the body');
      }
    });
  }
  const logs = stack.logs.text();
  assert.doesNotMatch(logs, /v0=[0-9a-f]{64}/, 'no signature is ever logged');
});

test('endpoint.url_validation is answered only when signed: unsigned, it is no oracle', async (t) => {
  const subscriber = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber }]);
  const now = nowSeconds(stack);

  const signed = await postEvent(stack.url, '/webhooks/zoom', validation('qgg8vlvZRS6UYooatFL8Aw'), { secret: SECRET, timestampSeconds: now });
  assert.equal(signed.status, 200);
  assert.deepEqual(signed.body, { plainToken: 'qgg8vlvZRS6UYooatFL8Aw', encryptedToken: createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex') });

  const unsigned = await postEvent(stack.url, '/webhooks/zoom', validation('qgg8vlvZRS6UYooatFL8Aw'), { timestampSeconds: now });
  assert.equal(unsigned.status, 401);
  assert.ok(!unsigned.text.includes('encryptedToken'));

  // The oracle attempt: ask the proxy to "encrypt" the very string Zoom signs, to forge an event's signature.
  const forged = meetingEvent('recording.completed', { topic: 'forged' });
  const signingString = `v0:${now}:${forged.toString('utf8')}`;
  const oracle = await postEvent(stack.url, '/webhooks/zoom', validation(signingString), { timestampSeconds: now, headers: { 'x-zm-request-timestamp': String(now), 'x-zm-signature': `v0=${'0'.repeat(64)}` } });
  assert.equal(oracle.status, 401);
  assert.ok(!oracle.text.includes('encryptedToken'));
  assert.ok(!oracle.text.includes(createHmac('sha256', SECRET).update(signingString).digest('hex')));
  assert.equal(subscriber.deliveries.length, 0, 'a validation is never delivered');
});
