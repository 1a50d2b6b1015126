import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { subscriberForTest } from '../helpers/webhook-subscriber.js';
import { stackForTest } from '../helpers/start-stack.js';
import { nowSeconds, webhookStackForTest } from '../helpers/webhook-stack.js';
import { WEBHOOK_CANARY, postEvent, zoomSignatureHeaders } from '../helpers/zoom-event.js';

/**
 * What the webhook route refuses besides a bad signature: a body over 1 MiB (`413`, declared or as it
 * comes, never read on), a signed body that is not a JSON object with an event (`400`), and the route
 * of an account without a Secret Token (`404`, as any unknown route). None reaches a subscriber.
 */

const MIB = 1024 * 1024;

/** Sends `bytes` chunked (no Content-Length), signed; resolves with the status. */
function postChunked(url: string, bytes: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${url}/webhooks/zoom`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, agent: false });
    req.on('response', (r) => r.resume().on('end', () => resolve(r.statusCode ?? 0)));
    // The proxy may close the connection while the rest is still being written.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    for (let at = 0; at < bytes.length; at += 64 * 1024) req.write(bytes.subarray(at, at + 64 * 1024));
    req.end();
  });
}

test('over 1 MiB: 413, declared or streamed; not JSON, not UTF-8, no event: 400; nothing delivered', async (t) => {
  const subscriber = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber }]);
  const now = nowSeconds(stack);
  const signed = { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: now };

  const big = Buffer.from(JSON.stringify({ event: 'meeting.started', pad: 'x'.repeat(MIB) }));
  const declared = await postEvent(stack.url, '/webhooks/zoom', big, signed);
  assert.equal(declared.status, 413);
  assert.equal((declared.body as { error: { code: string } }).error.code, 'payload_too_large');
  assert.equal(await postChunked(stack.url, big, zoomSignatureHeaders(WEBHOOK_CANARY.secretToken, big, now)), 413);
  const justFits = Buffer.from(JSON.stringify({ event: 'meeting.started', pad: 'x'.repeat(MIB - 40) }));
  assert.ok(justFits.length <= MIB);
  assert.equal((await postEvent(stack.url, '/webhooks/zoom', justFits, signed)).status, 200);
  assert.equal(subscriber.deliveries.length, 1);

  for (const [what, body] of [
    ['not JSON', Buffer.from('event=meeting.started')],
    ['JSON cut short', Buffer.from('{"event":"meeting.started"')],
    ['a list', Buffer.from('[{"event":"meeting.started"}]')],
    ['no event', Buffer.from('{"payload":{}}')],
    ['not UTF-8', Buffer.from([0x7b, 0x22, 0x65, 0x76, 0x65, 0x6e, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
    ['nested past any of Zoom\'s', Buffer.from(`{"event":"x","a":${'['.repeat(100)}${']'.repeat(100)}}`)],
    ['a validation without plainToken', Buffer.from('{"event":"endpoint.url_validation","payload":{}}')],
  ] as const) {
    const res = await postEvent(stack.url, '/webhooks/zoom', body, signed);
    assert.equal(res.status, 400, what);
    assert.equal((res.body as { error: { code: string } }).error.code, 'bad_request', what);
  }
  assert.equal(subscriber.deliveries.length, 1);
});

test('an account without webhookSecretToken: its webhook route is 404, as any unknown route', async (t) => {
  const stack = await stackForTest(t);
  const res = await postEvent(stack.url, '/webhooks/zoom', Buffer.from('{"event":"endpoint.url_validation","payload":{"plainToken":"x"}}'), {
    secret: 'anything',
    timestampSeconds: nowSeconds(stack),
  });
  assert.equal(res.status, 404);
  assert.equal((res.body as { error: { code: string } }).error.code, 'not_found');
});
