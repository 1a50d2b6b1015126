import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from 'undici';
import type { WebhookSubscriber as SubscriberConfig } from '../../../src/config/config.js';
import { createLogger } from '../../../src/logging/create-logger.js';
import { createMetrics } from '../../../src/metrics/create-metrics.js';
import { createDeliverer } from '../../../src/webhooks/deliver-event.js';
import { createRedisWebhookQueue } from '../../../src/webhooks/redis-webhook-queue.js';
import { createMemoryWebhookQueue } from '../../../src/webhooks/webhook-queue.js';
import { startTestRedis } from '../../helpers/redis-server.js';
import { openRedisStores, until } from '../../helpers/redis-stores.js';
import { startWebhookSubscriber } from '../../helpers/webhook-subscriber.js';

// With Redis down the event takes the memory path, whose deadline counts from Zoom's request: the
// time already spent (making the event safe) must come out of it, or Zoom's 3 s pass before the 200.
test('Redis down: the memory fallback answers within Zoom\'s wait counted from the request, not from the fallback', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const app = await startWebhookSubscriber();
  t.after(() => app.close());
  const [store] = await openRedisStores(t, redis, 1);
  assert.ok(store?.redis !== undefined);
  const agent = new Agent();
  t.after(() => agent.close());
  const logger = createLogger({ level: 'silent' });
  const deliver = createDeliverer({ dispatcherOf: () => agent, clock: Date.now, timeoutMs: 5_000, logger, metrics: createMetrics() });
  const queue = createRedisWebhookQueue({
    link: store.redis.link,
    keyPrefix: store.redis.keyPrefix,
    deliver,
    subscriberOf: () => undefined,
    clock: Date.now,
    logger,
    retryForMs: 60_000,
    rememberMs: 60_000,
    fallback: createMemoryWebhookQueue({ store, deliver, rememberMs: 60_000, answerWithinMs: 1_000 }),
    pollMs: 50,
    claimIdleMs: 10_000,
  });
  t.after(() => queue.stop());
  await redis.kill();
  await until(() => !store.redis!.link.available(), 5_000, 'the store to see Redis gone');

  const subscriber: SubscriberConfig = { name: 'app', url: app.url, secret: app.secret, events: ['*'] };
  app.answerNext({ delayMs: 600 });
  const delivery = { id: 'msg_late', account: 'acme', label: undefined, event: 'meeting.started', body: Buffer.from('{"event":"meeting.started"}') };
  // 800 ms of the 1 s were spent before the queue; the subscriber takes 600 ms more: past the deadline.
  const started = performance.now();
  const taken = await queue.accept(delivery, [subscriber], started - 800);
  const waited = performance.now() - started;
  assert.equal(taken, false, 'answered 503 (late), not 200 after Zoom gave up');
  assert.ok(waited < 500, `answered ${Math.round(waited)} ms after the queue got it; 200 ms were left`);
});
