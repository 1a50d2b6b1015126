import type { WebhookSubscriber } from '../config/config.js';
import type { Store } from '../store/store.js';
import type { Deliver, Delivery } from './deliver-event.js';

/**
 * Where a made-safe event goes once Zoom's request is checked (docs/webhooks.md, "memory and redis"):
 * the one step that differs between the stores. `accept` resolves `true` once Zoom may be answered
 * `200` (memory: every subscriber took it; redis: it is written to the stream, delivered after),
 * `false` for `503`, after which Zoom sends the event again. `arrivedAt`: when Zoom's request came
 * (`performance.now()`), so that the time spent before (making the event safe) counts against Zoom's 3 s.
 */
export interface WebhookQueue {
  accept(delivery: Delivery, subscribers: readonly WebhookSubscriber[], arrivedAt?: number): Promise<boolean>;
}

/**
 * Zoom retries a failed event three times, 5, 25 and 85 minutes after the first try (docs/zoom.md):
 * what was delivered is remembered at least that long, so a re-send skips whoever took it.
 */
export const ZOOM_RETRIES_SECONDS = 90 * 60;

/** Zoom counts an answer within 3 s of its request; what is not settled by then is answered `503` (the deliveries go on). */
export const ZOOM_ANSWER_WITHIN_MS = 2_500;

/** Deliveries remembered per account (one per event and subscriber). */
const MAX_REMEMBERED = 100_000;

export interface MemoryQueueOptions {
  store: Store;
  deliver: Deliver;
  /** How long a delivery is remembered: `webhooks.toleranceSeconds`, and at least ZOOM_RETRIES_SECONDS. */
  rememberMs: number;
  /** How long after its arrival Zoom's request may wait for the deliveries (ZOOM_ANSWER_WITHIN_MS; a test may shorten it). */
  answerWithinMs?: number;
  /** An event already delivered to a subscriber (a duplicate, or a re-send): not sent to it again. */
  onSkipped?(subscriber: WebhookSubscriber, delivery: Delivery): void;
}

/**
 * `store.type` `"memory"`: each matching subscriber is sent the event now, all at once (a slow one
 * delays no other), and Zoom gets `200` only once every one of them took it. What each took is
 * remembered in the store, keyed by webhook-id and subscriber, and a delivery under way is joined, not
 * repeated (the store's single flight): Zoom's duplicates and re-sends reach only those that have not
 * taken the event. A restart forgets: then one that had taken it may get it again.
 */
export function createMemoryWebhookQueue(options: MemoryQueueOptions): WebhookQueue {
  const { store, deliver, rememberMs, answerWithinMs = ZOOM_ANSWER_WITHIN_MS } = options;
  return {
    async accept(delivery, subscribers, arrivedAt = performance.now()) {
      const delivered = store.cache<true>({ account: delivery.account, kind: 'webhook-delivered', secret: false, maxEntries: MAX_REMEMBERED });
      const attempts = subscribers.map((subscriber) => {
        const key = `${delivery.id}\n${subscriber.name}`;
        if (delivered.peek(key) === true) {
          options.onSkipped?.(subscriber, delivery);
          return Promise.resolve(true);
        }
        return delivered.get(key, async () => {
          const { outcome } = await deliver(subscriber, delivery);
          // A failure is not kept: the next attempt (Zoom's re-send) delivers again.
          if (outcome !== 'delivered') throw new Error(`not delivered to ${subscriber.name}: ${outcome}`);
          return { value: true as const, ttlMs: rememberMs };
        });
      });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, answerWithinMs - (performance.now() - arrivedAt)));
      });
      const settled = Promise.allSettled(attempts).then((results) => results.every((r) => r.status === 'fulfilled'));
      try {
        return await Promise.race([settled, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
