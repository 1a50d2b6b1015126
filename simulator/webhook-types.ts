/** The public types of the webhooks the simulator sends as Zoom does; `types.ts` re-exports them. */

/** An account's event subscription, as set in its Zoom app (Marketplace, "Event Subscriptions"). */
export interface SimWebhookEndpoint {
  /** Where Zoom POSTs the events (http or https). */
  url: string;
  /** The app's Secret Token: the key of `x-zm-signature` and of `encryptedToken`. */
  secretToken: string;
}

/**
 * How the simulator waits: the 3 s answer deadline and the retries minutes apart. Node's own
 * `setTimeout` by default; tests pass timers they move by hand together with the clock.
 */
export interface SimTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * What a retry's `x-zm-request-timestamp` says: `'first'` the first attempt's (the signature is
 * computed again over the same text), `'fresh'` the time of the retry. `[?]` which one Zoom does.
 */
export type SimRetryTimestamp = 'first' | 'fresh';

/** An event to send: `event_ts` (the clock) and `payload.account_id` (the account's) are filled in. */
export interface SimWebhookEvent {
  event: string;
  /** Usually `{ object: {...} }`; `account_id` goes first unless given. */
  payload?: Record<string, unknown>;
  /** Epoch ms; default the clock. */
  event_ts?: number;
  /** Other top-level fields, after `payload` (as `download_token` is). */
  [field: string]: unknown;
}

export interface SendWebhookOptions {
  /** Default `SimulatorOptions.retryTimestamp` (`'first'`). */
  retryTimestamp?: SimRetryTimestamp;
}

export interface SendDuplicateOptions extends SendWebhookOptions {
  /**
   * The duplicate's `download_url`s point at another host of the same Zoom web (the simulator's
   * `duplicateHost`), with a download token of their own, as the duplicates seen from Zoom's other
   * data centres. Default false: the same bytes again.
   */
  otherHost?: boolean;
}

/**
 * How one attempt went. Only `200`/`204` received whole within 3 s is `'delivered'`; `'refused'`
 * is any other status; `'timeout'` no whole answer within 3 s; `'error'` no answer at all
 * (connection refused or reset).
 */
export interface SimWebhookAttempt {
  /** The clock when it was sent. */
  at: number;
  /** `x-zm-request-timestamp`. */
  timestamp: string;
  /** `x-zm-signature`. */
  signature: string;
  /** `x-zm-trackingid`: new on every attempt. */
  trackingId: string;
  /** 0 when no status arrived. */
  status: number;
  outcome: 'delivered' | 'refused' | 'timeout' | 'error';
  /** The answer's first 64 KiB, as text. */
  responseText: string;
  /** For `endpoint.url_validation`: whether the answer held the right `encryptedToken`. */
  validated?: boolean;
  /** What went wrong, for `'timeout'` and `'error'`. */
  error?: string;
}

/** One event sent to one endpoint, its attempts and retries. */
export interface SimWebhookDelivery {
  /** Name of the account whose app sent it. */
  readonly account: string;
  readonly event: string;
  readonly url: string;
  /** The body as sent: the same bytes on every attempt. */
  readonly body: Buffer;
  /** `recording.completed`'s `download_token`. */
  readonly downloadToken?: string;
  /** The delivery this one duplicates. */
  readonly duplicateOf?: SimWebhookDelivery;
  readonly attempts: readonly SimWebhookAttempt[];
  /**
   * `'pending'` while an attempt is in flight or a retry is due; `'delivered'`; `'dropped'` after
   * the last retry failed (Zoom gives up); `'closed'` when the simulator closed first.
   */
  readonly state: 'pending' | 'delivered' | 'dropped' | 'closed';
  /** Settles when the state leaves `'pending'`. */
  readonly done: Promise<'delivered' | 'dropped' | 'closed'>;
  /** The body parsed. */
  json(): Record<string, unknown>;
}
