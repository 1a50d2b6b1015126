import type { Dispatcher } from 'undici';
import { Webhook } from 'standardwebhooks';
import type { Clock } from '../clock.js';
import type { WebhookSubscriber } from '../config/config.js';
import { toProxyError } from '../errors.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { zoomRequest } from '../zoom/zoom-request.js';

/** One made-safe event on its way to subscribers. */
export interface Delivery {
  /** The Standard Webhooks `webhook-id` (webhook-id.ts). */
  id: string;
  /** The Zoom account it came from (its name), and its metrics label (none for a one-object `zoom`). */
  account: string;
  label: string | undefined;
  /** Zoom's event name, sent as `zlp-event`. */
  event: string;
  /** The JSON subscribers get (make-event-safe.ts): valid UTF-8, so sent as text byte for byte. */
  body: Buffer;
}

/** How one attempt ended: `delivered` (a 2xx in time), `refused` (any other status), `timeout`, `unreachable`, `failed`. */
export type DeliveryOutcome = 'delivered' | 'refused' | 'timeout' | 'unreachable' | 'failed';

export interface DeliveryResult {
  outcome: DeliveryOutcome;
  /** The subscriber's status, when it answered. */
  status?: number;
}

export interface DelivererOptions {
  /**
   * The pool a delivery of the account's event goes over: the proxy's own calls' (its limits are per
   * origin, so a subscriber never holds a Zoom host's connections).
   */
  dispatcherOf(account: string): Dispatcher;
  clock: Clock;
  /** `webhooks.deliveryTimeoutSeconds`, in ms: until the subscriber's status, waiting for a connection included. */
  timeoutMs: number;
  logger: Logger;
  metrics: Metrics;
}

export type Deliver = (subscriber: WebhookSubscriber, delivery: Delivery) => Promise<DeliveryResult>;

/**
 * One delivery attempt to one subscriber (docs/webhooks.md, "What a subscriber receives"): `POST url`
 * with the body and the Standard Webhooks headers, signed by the `standardwebhooks` package with the
 * subscriber's secret, over undici with the proxy's one way of calling it (zoom-request.ts: a deadline
 * on the whole request and response, no redirect followed). One log line and one count per attempt; never the
 * secret, the signature or the body.
 */
export function createDeliverer(options: DelivererOptions): Deliver {
  const { clock, logger, metrics } = options;
  const signers = new Map<string, Webhook>();
  const signerOf = (subscriber: WebhookSubscriber): Webhook => {
    let signer = signers.get(subscriber.secret);
    if (signer === undefined) signers.set(subscriber.secret, (signer = new Webhook(subscriber.secret)));
    return signer;
  };
  return async (subscriber, delivery) => {
    const started = clock();
    const timestamp = new Date(started);
    // How long it took, on the monotonic clock (as the request log measures): the injected one dates the signature.
    const t0 = performance.now();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'zoom-link-proxy',
      'webhook-id': delivery.id,
      'webhook-timestamp': String(Math.floor(started / 1000)),
      'webhook-signature': signerOf(subscriber).sign(delivery.id, timestamp, delivery.body),
      'zlp-event': delivery.event,
    };
    const result = await attempt(subscriber.url, headers, delivery.body, options.dispatcherOf(delivery.account), options.timeoutMs);
    const fields = {
      subscriber: subscriber.name,
      webhookId: delivery.id,
      event: delivery.event,
      account: delivery.label,
      outcome: result.outcome,
      status: result.status,
      ms: Math.round(performance.now() - t0),
    };
    if (result.outcome === 'delivered') logger.info(fields, 'webhook delivered');
    else logger.warn(fields, 'webhook delivery failed: it is sent again when Zoom sends the event again');
    metrics.webhookDeliveries.inc({ subscriber: subscriber.name, outcome: result.outcome, account: delivery.label });
    return result;
  };
}

async function attempt(url: string, headers: Record<string, string>, body: Buffer, dispatcher: Dispatcher, timeoutMs: number): Promise<DeliveryResult> {
  try {
    // The status is what counts: a 2xx whose body is slow, large or not JSON was taken all the same.
    const { status } = await zoomRequest(url, { method: 'POST', headers, body: body.toString('utf8'), dispatcher, timeoutMs, statusOnly: true });
    return { outcome: status >= 200 && status < 300 ? 'delivered' : 'refused', status };
  } catch (err) {
    const { code } = toProxyError(err);
    return { outcome: code === 'zoom_timeout' ? 'timeout' : code === 'zoom_unreachable' ? 'unreachable' : 'failed' };
  }
}
