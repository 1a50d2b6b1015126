/**
 * Zoom's side of webhooks: each event POSTed signed to the account's endpoint, retried 5, 20 and
 * 60 minutes after a failed attempt (then dropped), every attempt with a tracking id of its own;
 * and the URL validation, repeated every 72 h once it passed. Every delivery is kept in `seen`.
 */
import { randomBytes } from 'node:crypto';
import type { SimRecord } from './record.js';
import type { SimAccount } from './account.js';
import type {
  SimRetryTimestamp, SimTimers, SimWebhookAttempt, SimWebhookDelivery, SimWebhookEndpoint,
} from './webhook-types.js';
import { encryptedToken, zoomWebhookSignature } from './webhook-signature.js';
import { postWebhook } from './webhook-post.js';
import { webhookTrackingId } from './ids.js';

/** Only an answer within 3 s counts (Zoom's docs, "Using webhooks": "Webhook event delivery"). */
export const ANSWER_DEADLINE_MS = 3000;
/** Zoom's retries: about 5, 20 and 60 minutes apart (5, 25 and 85 minutes after the first attempt). */
export const RETRY_DELAYS_MS: readonly number[] = [5, 20, 60].map((minutes) => minutes * 60_000);
/** Zoom validates an endpoint again every 72 hours. */
export const REVALIDATE_AFTER_MS = 72 * 3_600_000;

/** The bytes of an event again, for a duplicate: the same, or with its links on another host. */
export type Rebuild = (otherHost: boolean) => Promise<{ body: Buffer; downloadToken?: string | undefined }>;

export class WebhookDelivery implements SimWebhookDelivery {
  readonly attempts: SimWebhookAttempt[] = [];
  state: SimWebhookDelivery['state'] = 'pending';
  readonly done: Promise<'delivered' | 'dropped' | 'closed'>;
  readonly #settle: (state: 'delivered' | 'dropped' | 'closed') => void;

  constructor(
    readonly account: string,
    readonly event: string,
    readonly endpoint: SimWebhookEndpoint,
    readonly body: Buffer,
    readonly retryTimestamp: SimRetryTimestamp,
    readonly rebuild: Rebuild,
    readonly downloadToken?: string,
    readonly duplicateOf?: SimWebhookDelivery,
  ) {
    let settle!: (state: 'delivered' | 'dropped' | 'closed') => void;
    this.done = new Promise((resolve) => (settle = resolve));
    this.#settle = settle;
  }

  get url(): string {
    return this.endpoint.url;
  }

  settle(state: 'delivered' | 'dropped' | 'closed'): void {
    if (this.state !== 'pending') return;
    this.state = state;
    this.#settle(state);
  }

  json(): Record<string, unknown> {
    return JSON.parse(this.body.toString('utf8')) as Record<string, unknown>;
  }
}

export interface WebhookSenderDeps {
  clock: () => number;
  timers: SimTimers;
  record: SimRecord;
  /** What a retry's timestamp says unless a send names it. */
  retryTimestamp: SimRetryTimestamp;
}

export interface SendInput {
  event: string;
  body: Buffer;
  rebuild: Rebuild;
  downloadToken?: string | undefined;
  duplicateOf?: SimWebhookDelivery | undefined;
  retryTimestamp?: SimRetryTimestamp | undefined;
}

export class WebhookSender {
  readonly #abort = new AbortController();
  readonly #waiting = new Set<unknown>();
  readonly #pending = new Set<WebhookDelivery>();

  constructor(private readonly deps: WebhookSenderDeps) {}

  /** Send an event to the account's endpoint; resolves once the first attempt is over. */
  async send(account: SimAccount, input: SendInput): Promise<WebhookDelivery> {
    const endpoint = endpointOf(account);
    const delivery = new WebhookDelivery(
      account.name, input.event, endpoint, input.body, input.retryTimestamp ?? this.deps.retryTimestamp,
      input.rebuild, input.downloadToken, input.duplicateOf,
    );
    this.deps.record.webhooks.push(delivery);
    await this.#attempt(delivery);
    return delivery;
  }

  /**
   * Zoom's "Validate": a signed `endpoint.url_validation`, good when the endpoint answers `200` with
   * the right `encryptedToken` within 3 s. No retries; once good, again every 72 h while the
   * account's endpoint is the same.
   */
  async validate(account: SimAccount): Promise<boolean> {
    const endpoint = endpointOf(account);
    const plainToken = randomBytes(16).toString('base64url');
    // Zoom's own key order for this event.
    const body = Buffer.from(JSON.stringify({ payload: { plainToken }, event_ts: this.deps.clock(), event: 'endpoint.url_validation' }));
    const delivery = new WebhookDelivery(account.name, 'endpoint.url_validation', endpoint, body, 'fresh', () => Promise.resolve({ body }));
    this.deps.record.webhooks.push(delivery);
    const attempt = await this.#post(delivery);
    attempt.validated = attempt.status === 200 && answersToken(attempt.responseText, plainToken, endpoint.secretToken);
    delivery.settle(this.#closed ? 'closed' : attempt.validated ? 'delivered' : 'dropped');
    if (attempt.validated && !this.#closed) {
      this.#later(REVALIDATE_AFTER_MS, () => {
        if (account.webhooks === endpoint) void this.validate(account);
      });
    }
    return attempt.validated;
  }

  /** Cancel every retry and revalidation and abort what is in flight. */
  close(): void {
    this.#abort.abort();
    for (const handle of this.#waiting) this.deps.timers.clearTimeout(handle);
    this.#waiting.clear();
    for (const d of this.#pending) d.settle('closed');
    this.#pending.clear();
  }

  get #closed(): boolean {
    return this.#abort.signal.aborted;
  }

  async #attempt(d: WebhookDelivery): Promise<void> {
    if (this.#closed) return d.settle('closed');
    this.#pending.add(d);
    const attempt = await this.#post(d);
    if (this.#closed) return d.settle('closed');
    if (attempt.outcome === 'delivered') {
      this.#pending.delete(d);
      return d.settle('delivered');
    }
    const wait = RETRY_DELAYS_MS[d.attempts.length - 1];
    if (wait === undefined) {
      this.#pending.delete(d);
      return d.settle('dropped');
    }
    this.#later(wait, () => void this.#attempt(d));
  }

  async #post(d: WebhookDelivery): Promise<SimWebhookAttempt> {
    const at = this.deps.clock();
    const first = d.attempts[0];
    const timestamp = d.retryTimestamp === 'first' && first ? first.timestamp : String(Math.floor(at / 1000));
    const signature = zoomWebhookSignature(d.endpoint.secretToken, timestamp, d.body);
    const trackingId = webhookTrackingId();
    const result = await postWebhook({
      url: d.endpoint.url,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Zoom Marketplace/1.0a',
        'x-zm-request-timestamp': timestamp,
        'x-zm-signature': signature,
        'x-zm-trackingid': trackingId,
      },
      body: d.body,
      deadlineMs: ANSWER_DEADLINE_MS,
      timers: this.deps.timers,
      signal: this.#abort.signal,
    });
    const attempt: SimWebhookAttempt = { at, timestamp, signature, trackingId, ...result };
    if (result.error === undefined) delete attempt.error;
    d.attempts.push(attempt);
    return attempt;
  }

  #later(ms: number, fn: () => void): void {
    const handle = this.deps.timers.setTimeout(() => {
      this.#waiting.delete(handle);
      fn();
    }, ms);
    this.#waiting.add(handle);
  }
}

function endpointOf(account: SimAccount): SimWebhookEndpoint {
  const endpoint = account.webhooks;
  if (!endpoint) throw new Error(`simulator: account ${account.name} has no webhook endpoint (set sim.account('${account.name}').webhooks)`);
  return endpoint;
}

/** Whether a validation answer is JSON holding this plainToken and its encryptedToken. */
function answersToken(text: string, plainToken: string, secretToken: string): boolean {
  try {
    const answer = JSON.parse(text) as { plainToken?: unknown; encryptedToken?: unknown };
    return answer.plainToken === plainToken && answer.encryptedToken === encryptedToken(secretToken, plainToken);
  } catch {
    return false;
  }
}
