import { Router, type Request } from 'express';
import type { AccountSide } from '../accounts/account-side.js';
import { ProxyError } from '../errors.js';
import type { Services } from '../services.js';
import { createDeliverer, type Delivery } from './deliver-event.js';
import { eventFilesOf } from './event-files.js';
import { downloadTokenOf, downloadUrlsOf, makeEventSafe } from './make-event-safe.js';
import { parseEvent, type ZoomEvent } from './parse-event.js';
import { readEventBody } from './read-event-body.js';
import { subscribersFor } from './subscribers-for.js';
import { webhookIdOf } from './webhook-id.js';
import { createRedisWebhookQueue } from './redis-webhook-queue.js';
import { ZOOM_RETRIES_SECONDS, createMemoryWebhookQueue, type WebhookQueue } from './webhook-queue.js';
import { checkZoomSignature, encryptedTokenFor } from './zoom-signature.js';

/** `/webhooks/zoom` (one account) or `/webhooks/zoom/{account}` (a list). */
const ROUTE = /^\/webhooks\/zoom(?:\/[^/]+)?$/;
const VALIDATION = 'endpoint.url_validation';

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * `POST /webhooks/zoom[/{account}]` (docs/webhooks.md): Zoom's events in, in this order: the account
 * by path (404 without its `webhookSecretToken`, as any unknown route), the raw body (413 past 1 MiB),
 * the signature over those bytes before anything else (401, `endpoint.url_validation` included: an
 * unsigned one would sign any text for anyone), the JSON (400); then a validation is answered, and
 * any other event made safe, its `download_token` kept for its files (and where each file lives
 * in the API, for when the token is gone), and handed to the queue for
 * the subscribers it matches: `200` once it is safe, else `503` and Zoom sends it again.
 */
export function createWebhookRoutes(services: Services): Router {
  const { config, logger, metrics, clock, store, downloadTokens, eventFiles } = services;
  const toleranceSeconds = config.webhooks.toleranceSeconds;
  const deliver = createDeliverer({ dispatcherOf: (account) => services.pools.of(services.sideOf(account).account).own, clock, timeoutMs: config.webhooks.deliveryTimeoutSeconds * 1000, logger, metrics });
  const rememberMs = Math.max(toleranceSeconds, ZOOM_RETRIES_SECONDS) * 1000;
  const memoryQueue: WebhookQueue = createMemoryWebhookQueue({
    store,
    deliver,
    rememberMs,
    onSkipped: (subscriber, delivery) => {
      logger.debug({ subscriber: subscriber.name, webhookId: delivery.id, event: delivery.event, account: delivery.label }, 'webhook already delivered to this subscriber: not sent again');
      metrics.webhookDeliveries.inc({ subscriber: subscriber.name, outcome: 'duplicate', account: delivery.label });
    },
  });
  const queue: WebhookQueue =
    store.redis === undefined
      ? memoryQueue
      : createRedisWebhookQueue({
          link: store.redis.link,
          keyPrefix: store.redis.keyPrefix,
          deliver,
          subscriberOf: (name) => config.webhooks.subscribers.find((s) => s.name === name),
          clock,
          logger,
          retryForMs: config.webhooks.retryForSeconds * 1000,
          rememberMs,
          fallback: memoryQueue,
          // Past the delivery timeout: an entry still unsettled then was left by a replica that died.
          claimIdleMs: config.webhooks.deliveryTimeoutSeconds * 1000 + 5_000,
          onDeadLetter: (subscriber, delivery) => metrics.webhookDeliveries.inc({ subscriber, outcome: 'dead_letter', account: delivery.label }),
          onStats: (stats) => {
            metrics.webhookQueueDepth.set(stats.depth);
            metrics.webhookQueueOldestSeconds.set(stats.oldestSeconds);
            metrics.webhookDeadLetters.set(stats.deadLetters);
          },
        });

  /** The account a path names: the one-object `zoom` at `/webhooks/zoom`, an account of the list at `/webhooks/zoom/{name}`. */
  const sideOfPath = (path: string): AccountSide | undefined => {
    const name = path.slice('/webhooks/zoom/'.length);
    if (config.accounts === undefined) return path === '/webhooks/zoom' ? services.sideOf() : undefined;
    return name === '' ? undefined : services.accounts.get(name);
  };

  const router = Router();
  router.post(ROUTE, async (req, res) => {
    // Zoom's 3 s run from here: reading, checking and making the event safe come out of them.
    const arrivedAt = performance.now();
    res.locals.route = 'webhook';
    const trackingId = header(req, 'x-zm-trackingid');
    res.locals.trackingId = trackingId;
    const side = sideOfPath(req.path);
    const secret = side?.account.webhookSecretToken;
    if (side === undefined || secret === undefined) throw new ProxyError('not_found');
    const account = side.account.name;
    const received = (event: string, outcome: string): void => metrics.webhooksReceived.inc({ event, outcome, account: side.label });

    let body: Buffer;
    try {
      body = await readEventBody(req);
    } catch (err) {
      if (err instanceof ProxyError) received('unknown', 'too_large');
      throw err;
    }
    const refusal = checkZoomSignature({ timestamp: header(req, 'x-zm-request-timestamp'), signature: header(req, 'x-zm-signature'), body }, secret, clock(), toleranceSeconds);
    if (refusal !== undefined) {
      received('unknown', 'refused');
      logger.warn({ account: side.label, trackingId, reason: refusal }, 'webhook refused: not signed with the account\'s webhookSecretToken, or its timestamp is out of webhooks.toleranceSeconds');
      throw new ProxyError('webhook_signature_invalid', { trackingId });
    }
    let event: ZoomEvent;
    try {
      event = parseEvent(body);
    } catch (err) {
      received('unknown', 'not_json');
      throw err;
    }

    if (event.name === VALIDATION) {
      const plainToken = (event.json.payload as { plainToken?: unknown } | undefined)?.plainToken;
      if (typeof plainToken !== 'string' || plainToken === '') {
        received(VALIDATION, 'not_json');
        throw new ProxyError('bad_request', { message: 'An endpoint.url_validation event needs payload.plainToken.' });
      }
      received(VALIDATION, 'validated');
      res.status(200).json({ plainToken, encryptedToken: encryptedTokenFor(secret, plainToken) });
      return;
    }

    const safe = await makeEventSafe(body, side.linkRewriter);
    const downloadToken = downloadTokenOf(event);
    if (downloadToken !== undefined) downloadTokens.keep(account, downloadUrlsOf(event), downloadToken);
    // As long as the event's links work: after its token, the download route finds the file in the API by these.
    eventFiles.keep(account, eventFilesOf(event), config.links.downloadTtlSeconds * 1000);
    const delivery: Delivery = { id: webhookIdOf(account, event), account, label: side.label, event: event.name, body: safe };
    const subscribers = subscribersFor(config.webhooks.subscribers, account, event.name);
    const taken = await queue.accept(delivery, subscribers, arrivedAt);
    received(event.name, subscribers.length === 0 ? 'no_subscriber' : taken ? 'delivered' : 'not_delivered');
    if (!taken) throw new ProxyError('webhook_not_delivered', { trackingId });
    res.status(200).json({ status: 'ok' });
  });
  return router;
}
