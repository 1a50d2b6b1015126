/**
 * The test subscriber (test/helpers/webhook-subscriber.ts) that the relay's tests deliver to: it
 * keeps the raw bytes, judges Standard Webhooks signatures with the `standardwebhooks` package, and
 * answers as told for the next deliveries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { request } from 'undici';
import { Webhook } from 'standardwebhooks';
import { startWebhookSubscriber, webhookSecret, type WebhookSubscriber } from '../helpers/webhook-subscriber.js';
import { useAgent } from '../helpers/test-agent.js';

const agent = useAgent();
const BODY = Buffer.from('{"event":"recording.completed","payload":{"object":{"topic":"Réunion 計画"}}}');

async function deliver(sub: WebhookSubscriber, headers: Record<string, string>, body: Buffer = BODY, signal?: AbortSignal): Promise<number> {
  const res = await request(sub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, dispatcher: agent, ...(signal ? { signal } : {}) });
  await res.body.dump();
  return res.statusCode;
}

/** Signed by hand, as the Standard Webhooks spec says: base64 HMAC-SHA256 of `{id}.{ts}.{body}` with the secret's bytes. */
function signedHeaders(secret: string, id: string, seconds: number, body: Buffer = BODY): Record<string, string> {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${seconds}.`).update(body).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(seconds), 'webhook-signature': `v1,${mac}` };
}

test('webhookSecret(): whsec_ and base64 of 32 random bytes by default, which the library takes', () => {
  const secret = webhookSecret();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
  assert.equal(Buffer.from(secret.slice(6), 'base64').length, 32);
  assert.equal(Buffer.from(webhookSecret(24).slice(6), 'base64').length, 24);
  assert.notEqual(webhookSecret(), secret);
  assert.doesNotThrow(() => new Webhook(secret));
});

test('keeps the raw body and headers; verified for a good signature, not for a wrong secret, a one-byte change or a stale timestamp', async (t) => {
  const sub = await startWebhookSubscriber();
  t.after(() => sub.close());
  const now = Math.floor(Date.now() / 1000);
  assert.equal(await deliver(sub, signedHeaders(sub.secret, 'msg_1', now)), 204);
  assert.equal(await deliver(sub, signedHeaders(webhookSecret(), 'msg_2', now)), 204);
  const altered = Buffer.from(BODY);
  altered.writeUInt8(altered.readUInt8(altered.length - 3) ^ 1, altered.length - 3);
  assert.equal(await deliver(sub, signedHeaders(sub.secret, 'msg_3', now), altered), 204);
  assert.equal(await deliver(sub, signedHeaders(sub.secret, 'msg_4', now - 3600)), 204);
  assert.equal(await deliver(sub, {}), 204);

  const [good, wrongSecret, oneByte, stale, unsigned] = sub.deliveries;
  assert.ok(good?.body.equals(BODY));
  assert.equal(good?.json<{ payload: { object: { topic: string } } }>().payload.object.topic, 'Réunion 計画');
  assert.equal(good?.headers['webhook-id'], 'msg_1');
  assert.deepEqual([good?.verified, good?.signatureValid], [true, true]);
  assert.deepEqual([wrongSecret?.verified, wrongSecret?.signatureValid], [false, false]);
  assert.deepEqual([oneByte?.verified, oneByte?.signatureValid], [false, false]);
  assert.deepEqual([stale?.verified, stale?.signatureValid, stale?.verifyError], [false, true, 'Message timestamp too old'], 'a test clock\'s signature still checks');
  assert.deepEqual([unsigned?.verified, unsigned?.signatureValid], [false, false]);
});

test('answers as told for the next N deliveries: 500 twice, then slow, then the default', async (t) => {
  const sub = await startWebhookSubscriber({ status: 200 });
  t.after(() => sub.close());
  sub.answerNext({ status: 500 }, 2);
  sub.answerNext({ delayMs: 150 });
  const headers = signedHeaders(sub.secret, 'msg_1', Math.floor(Date.now() / 1000));
  assert.equal(await deliver(sub, headers), 500);
  assert.equal(await deliver(sub, headers), 500);
  const started = performance.now();
  assert.equal(await deliver(sub, headers), 200);
  assert.ok(performance.now() - started >= 140, 'answered after its delay');
  assert.equal(await deliver(sub, headers), 200);
  assert.deepEqual(sub.deliveries.map((d) => d.answer), [500, 500, 200, 200]);
  assert.equal((await sub.waitFor(4)).length, 4);
});

test('hang: never answered (the sender gives up); waitFor sees it arrive; close() ends it promptly', async () => {
  const sub = await startWebhookSubscriber();
  sub.answerNext({ hang: true });
  const headers = signedHeaders(sub.secret, 'msg_1', Math.floor(Date.now() / 1000));
  const hanging = deliver(sub, headers, BODY, AbortSignal.timeout(300));
  const [arrived] = await sub.waitFor(1);
  assert.equal(arrived?.answer, 'hang');
  await assert.rejects(hanging, { name: 'TimeoutError' });
  const second = deliver(sub, headers);
  await sub.waitFor(2);
  assert.equal(await second, 204, 'the next one is answered');
  await assert.rejects(sub.waitFor(3, 50), /2 deliveries after 50 ms, waited for 3/);
  const started = performance.now();
  await sub.close();
  assert.ok(performance.now() - started < 1000);
});
