import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { startSimulator } from '../../simulator/simulator.js';
import { webhookQueueKeys } from '../../src/webhooks/redis-webhook-queue.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { simulatorConfigFile, spawnProxy } from '../helpers/spawn-proxy.js';
import { startWebhookSubscriber } from '../helpers/webhook-subscriber.js';
import { downloadTokenJwt, postEvent, recordingCompleted } from '../helpers/zoom-event.js';

const ZOOM_SECRET = 'zoom-webhook-secret-token-for-the-kill-test';

test('store redis: the proxy SIGKILLed after answering Zoom 200 and before the subscriber took the event; restarted, it delivers it, and Redis holds no token', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const sim = await startSimulator({ seed: 'empty' });
  t.after(() => sim.close());
  const app = await startWebhookSubscriber();
  t.after(() => app.close());
  // The first delivery hangs until the proxy is dead.
  app.answerNext({ hang: true }, 1);
  const file = simulatorConfigFile(sim, {
    links: { secret: 'a-link-secret-for-the-kill-test-0123456789' },
    clients: [{ name: 'app', key: 'kill-test-client-key-0001', users: ['*'] }],
    store: { type: 'redis', url: redis.url, keyPrefix: 'zlp-kill:' },
    webhooks: { subscribers: [{ name: 'app', url: app.url, secret: app.secret, events: ['*'] }], deliveryTimeoutSeconds: 1 },
  });
  // The one-object zoom with its webhook secret token.
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { zoom: Record<string, unknown> };
  raw.zoom['webhookSecretToken'] = ZOOM_SECRET;
  writeFileSync(file, JSON.stringify(raw));

  const first = spawnProxy(['--config', file]);
  t.after(() => first.child.kill('SIGKILL'));
  const url = await first.listening;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const downloadToken = downloadTokenJwt(nowSeconds + 3600);
  const answer = await postEvent(url, '/webhooks/zoom', recordingCompleted({ webUrl: sim.webUrl, fileIds: ['file-1'], downloadToken }), { secret: ZOOM_SECRET, timestampSeconds: nowSeconds });
  assert.equal(answer.status, 200, answer.text);
  await app.waitFor(1, 5_000);

  // Queued in Redis, made safe: no download token, no Zoom token, in any key.
  const keys = webhookQueueKeys('zlp-kill:');
  const queued = JSON.stringify(await redis.command('XRANGE', keys.stream, '-', '+'));
  assert.ok(queued.includes('recording.completed'));
  const tokenSignature = downloadToken.split('.')[2] ?? '';
  assert.ok(!queued.includes(tokenSignature), 'the download token is not queued');
  const everything = JSON.stringify(await Promise.all(((await redis.command('KEYS', '*')) as string[]).map(async (key) => [key, await redis.command('DUMP', key)])));
  assert.ok(!everything.includes(tokenSignature), 'no key holds the download token in clear');
  assert.ok(!everything.includes(ZOOM_SECRET) && !everything.includes(app.secret.slice('whsec_'.length)));

  first.child.kill('SIGKILL');
  await first.exited;
  const second = spawnProxy(['--config', file]);
  t.after(() => second.child.kill('SIGKILL'));
  await second.listening;
  // Claimed once idle past the delivery timeout (1 s) and its margin, then delivered.
  const deliveries = await app.waitFor(2, 20_000);
  const again = deliveries[1];
  assert.ok(again !== undefined);
  assert.equal(again.headers['webhook-id'], deliveries[0]?.headers['webhook-id']);
  assert.equal(again.signatureValid, true);
  assert.ok(!again.text.includes(tokenSignature));
  // Settled: nothing left in the queue, and a re-send by Zoom is not delivered again.
  const resend = await postEvent(await second.listening, '/webhooks/zoom', recordingCompleted({ webUrl: sim.webUrl, fileIds: ['file-1'], downloadToken }), { secret: ZOOM_SECRET, timestampSeconds: nowSeconds });
  assert.equal(resend.status, 200);
  await new Promise((resolve) => setTimeout(resolve, 800));
  assert.equal(app.deliveries.length, 2);
  assert.ok(!second.stdout().includes('store unavailable'), 'the queue never opened the store\'s breaker');
  assert.equal(await redis.command('XLEN', keys.stream), 0);
});
