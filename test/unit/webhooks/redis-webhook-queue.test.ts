import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { Agent } from 'undici';
import type { WebhookSubscriber as SubscriberConfig } from '../../../src/config/config.js';
import { createLogger } from '../../../src/logging/create-logger.js';
import { createMetrics } from '../../../src/metrics/create-metrics.js';
import type { Store } from '../../../src/store/store.js';
import { createDeliverer, type Delivery } from '../../../src/webhooks/deliver-event.js';
import { createRedisWebhookQueue, listDeadLetters, retryDeadLetter, retryDelayMs, webhookQueueKeys, type RedisWebhookQueue } from '../../../src/webhooks/redis-webhook-queue.js';
import { createMemoryWebhookQueue } from '../../../src/webhooks/webhook-queue.js';
import { createLogCapture } from '../../helpers/log-capture.js';
import { startTestRedis, type TestRedis } from '../../helpers/redis-server.js';
import { openRedisStores, sleep, until } from '../../helpers/redis-stores.js';
import { startWebhookSubscriber, type WebhookSubscriber } from '../../helpers/webhook-subscriber.js';

const KEYS = webhookQueueKeys('zlp-test:');

function deliveryOf(id: string): Delivery {
  return { id, account: 'acme', label: undefined, event: 'meeting.started', body: Buffer.from(JSON.stringify({ event: 'meeting.started', payload: { object: { id: 1 } } })) };
}

interface Replica {
  queue: RedisWebhookQueue;
  store: Store;
  logs: ReturnType<typeof createLogCapture>;
  deadLetters: string[];
}

/**
 * One replica's queue over its own Redis store (its own connection), delivering for real over HTTP
 * to `app`, on a clock the test moves (`clock.now`).
 */
async function openReplicas(
  t: TestContext,
  redis: TestRedis,
  app: WebhookSubscriber,
  count: number,
  clock: { now: number },
  settings: { retryForMs?: number; claimIdleMs?: number; deliveryTimeoutMs?: number } = {},
): Promise<Replica[]> {
  const stores = await openRedisStores(t, redis, count);
  const agent = new Agent();
  t.after(() => agent.close());
  const subscriber: SubscriberConfig = { name: 'app', url: app.url, secret: app.secret, events: ['*'] };
  return stores.map((store) => {
    const logs = createLogCapture();
    const logger = createLogger({ level: 'info', destination: logs.stream, secrets: [app.secret] });
    const deliver = createDeliverer({ dispatcherOf: () => agent, clock: () => clock.now, timeoutMs: settings.deliveryTimeoutMs ?? 2_000, logger, metrics: createMetrics() });
    const deadLetters: string[] = [];
    assert.ok(store.redis !== undefined);
    const queue = createRedisWebhookQueue({
      link: store.redis.link,
      keyPrefix: store.redis.keyPrefix,
      deliver,
      subscriberOf: (name) => (name === 'app' ? subscriber : undefined),
      clock: () => clock.now,
      logger,
      retryForMs: settings.retryForMs ?? 3_600_000,
      rememberMs: 90 * 60_000,
      fallback: createMemoryWebhookQueue({ store, deliver, rememberMs: 90 * 60_000, answerWithinMs: 1_000 }),
      pollMs: 50,
      claimIdleMs: settings.claimIdleMs ?? 60_000,
      onDeadLetter: (_, delivery) => deadLetters.push(delivery.id),
    });
    t.after(() => queue.stop());
    return { queue, store, logs, deadLetters };
  });
}

/** Waits until the failed attempt is settled as a retry (the clock is moved only then: its delay counts from the failure). */
async function retryScheduled(redis: TestRedis): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await redis.command('ZCARD', KEYS.retries)) !== 1) {
    if (Date.now() > deadline) throw new Error('no retry scheduled within 5 s');
    await sleep(20);
  }
}

function configOf(app: WebhookSubscriber): SubscriberConfig[] {
  return [{ name: 'app', url: app.url, secret: app.secret, events: ['*'] }];
}

test('the retry schedule: 10 s, doubling, up to an hour', () => {
  assert.deepEqual([1, 2, 3, 4, 9, 10, 20].map(retryDelayMs), [10_000, 20_000, 40_000, 80_000, 2_560_000, 3_600_000, 3_600_000]);
});

test('queued before the answer, delivered after; a failed delivery is retried on the schedule, then kept as a dead letter', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const app = await startWebhookSubscriber();
  t.after(() => app.close());
  app.answerNext({ status: 500 }, 3);
  const clock = { now: Date.parse('2026-12-08T00:00:00Z') };
  const [replica] = await openReplicas(t, redis, app, 1, clock, { retryForMs: 60_000 });
  assert.ok(replica !== undefined);

  assert.equal(await replica.queue.accept(deliveryOf('msg_a'), configOf(app)), true);
  await app.waitFor(1, 5_000);
  await retryScheduled(redis);
  // Not again before its 10 s are up on the proxy's clock.
  clock.now += 9_000;
  await sleep(400);
  assert.equal(app.deliveries.length, 1);
  clock.now += 1_000;
  await app.waitFor(2, 5_000);
  await retryScheduled(redis);
  // The second retry 20 s later; the third would come 40 s after that, past retryForMs (60 s): a dead letter instead.
  clock.now += 19_000;
  await sleep(400);
  assert.equal(app.deliveries.length, 2);
  clock.now += 1_000;
  await app.waitFor(3, 5_000);
  await until(() => replica.deadLetters.length === 1, 5_000, 'the dead letter');
  clock.now += 3_600_000;
  await sleep(400);
  assert.equal(app.deliveries.length, 3);
  assert.equal(await redis.command('XLEN', KEYS.dead), 1);
  assert.equal(await redis.command('XLEN', KEYS.stream), 0);
  assert.equal(await redis.command('ZCARD', KEYS.retries), 0);
  const dead = (await redis.command('XRANGE', KEYS.dead, '-', '+')) as [string, string[]][];
  const fields = dead[0]?.[1] ?? [];
  assert.equal(fields[fields.indexOf('id') + 1], 'msg_a');
  assert.equal(fields[fields.indexOf('attempts') + 1], '3');
  assert.ok(replica.logs.lines().some((line) => line['msg'] === 'webhook dead letter: not delivered within webhooks.retryForSeconds; kept in Redis ({keyPrefix}webhooks:dead)' && line['webhookId'] === 'msg_a'));
  // The subscriber's secret is in neither Redis nor the log.
  const everything = JSON.stringify(await redis.command('XRANGE', KEYS.dead, '-', '+')) + JSON.stringify(await redis.command('KEYS', '*'));
  assert.ok(!everything.includes(app.secret.slice('whsec_'.length)));
  assert.ok(!replica.logs.text().includes(app.secret.slice('whsec_'.length)));

  // The operator lists it and sends it again: delivered now, the dead letter gone.
  assert.ok(replica.store.redis !== undefined);
  const letters = await listDeadLetters(replica.store.redis.link, replica.store.redis.keyPrefix);
  assert.equal(letters.length, 1);
  assert.deepEqual({ ...letters[0], deadLetterId: undefined, firstQueuedAt: undefined, deadAt: undefined }, { deadLetterId: undefined, webhookId: 'msg_a', subscriber: 'app', event: 'meeting.started', account: 'acme', attempts: 3, outcome: 'refused', firstQueuedAt: undefined, deadAt: undefined });
  assert.ok(!JSON.stringify(letters).includes('payload'), 'no body in the listing');
  const letterId = letters[0]?.deadLetterId ?? '';
  assert.equal(await retryDeadLetter(replica.store.redis.link, replica.store.redis.keyPrefix, letterId, clock.now), true);
  assert.equal(await retryDeadLetter(replica.store.redis.link, replica.store.redis.keyPrefix, letterId, clock.now), false);
  await app.waitFor(4, 5_000);
  assert.equal(app.deliveries[3]?.answer, 204);
  await sleep(300);
  assert.equal(app.deliveries.length, 4);
  assert.equal(await redis.command('XLEN', KEYS.dead), 0);
});

test('one event sent to two replicas, twice each, is delivered once', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const app = await startWebhookSubscriber();
  t.after(() => app.close());
  const clock = { now: Date.now() };
  const [one, two] = await openReplicas(t, redis, app, 2, clock);
  assert.ok(one !== undefined && two !== undefined);
  const answers = await Promise.all([one, two, one, two].map((replica) => replica.queue.accept(deliveryOf('msg_dup'), configOf(app))));
  assert.deepEqual(answers, [true, true, true, true]);
  await app.waitFor(1, 5_000);
  await sleep(600);
  assert.equal(app.deliveries.length, 1);
  assert.equal(app.deliveries[0]?.headers['webhook-id'], 'msg_dup');
  assert.equal(app.deliveries[0]?.signatureValid, true);
});

test('a replica dead mid-delivery: another claims the entry once it is idle long enough, and delivers it', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const app = await startWebhookSubscriber();
  t.after(() => app.close());
  app.answerNext({ hang: true }, 1);
  const clock = { now: Date.now() };
  const [dying] = await openReplicas(t, redis, app, 1, clock, { claimIdleMs: 800, deliveryTimeoutMs: 30_000 });
  assert.ok(dying !== undefined);
  assert.equal(await dying.queue.accept(deliveryOf('msg_claim'), configOf(app)), true);
  await app.waitFor(1, 5_000);
  // It dies with the delivery under way: it never settles it.
  dying.queue.stop();
  await dying.store.close();

  const [survivor] = await openReplicas(t, redis, app, 1, clock, { claimIdleMs: 800 });
  assert.ok(survivor !== undefined);
  const before = performance.now();
  await app.waitFor(2, 10_000);
  const tookMs = performance.now() - before;
  assert.equal(app.deliveries[1]?.headers['webhook-id'], 'msg_claim');
  assert.ok(tookMs < 5_000, `claimed after ${tookMs} ms`);
  await sleep(300);
  assert.equal(await redis.command('XLEN', KEYS.stream), 0);
  const pending = (await redis.command('XPENDING', KEYS.stream, 'relay')) as [number, ...unknown[]];
  assert.equal(pending[0], 0);
});

test('Redis down when an event arrives: delivered while Zoom waits (200), else not accepted (503)', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const app = await startWebhookSubscriber();
  t.after(() => app.close());
  const clock = { now: Date.now() };
  const [replica] = await openReplicas(t, redis, app, 1, clock);
  assert.ok(replica !== undefined);
  await redis.kill();
  await until(() => replica.store.health() === 'unavailable', 5_000, 'the breaker to open');

  assert.equal(await replica.queue.accept(deliveryOf('msg_down_ok'), configOf(app)), true);
  assert.equal(app.deliveries.length, 1);
  app.answerNext({ status: 500 }, 1);
  assert.equal(await replica.queue.accept(deliveryOf('msg_down_refused'), configOf(app)), false);
  assert.equal(app.deliveries.length, 2);
});
