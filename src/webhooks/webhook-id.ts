import { createHash } from 'node:crypto';
import type { ZoomEvent } from './parse-event.js';

/**
 * What differs between Zoom's duplicates of one event: the same `recording.completed` has arrived
 * twice, from different addresses, differing only in its file links and its token.
 */
const VARYING_KEYS = new Set(['download_url', 'play_url', 'download_token']);

/**
 * The Standard Webhooks `webhook-id` of a Zoom event (docs/webhooks.md, "webhook-id"): `msg_` and the
 * base64url SHA-256 of the account and the event's JSON in a canonical form (keys sorted), without
 * the values that differ between Zoom's duplicates (every `download_url`, `play_url` and
 * `download_token`, at any depth). Zoom's retries send the same body, its duplicates one that differs only
 * there: both get the same id. Anything else that differs (another participant, another `event_ts`)
 * is another event. Not `x-zm-trackingid`: Zoom makes a new one for every attempt.
 */
export function webhookIdOf(account: string, event: ZoomEvent): string {
  const hash = createHash('sha256').update(account).update('\n');
  canonical(event.json, hash);
  return `msg_${hash.digest('base64url')}`;
}

/** Writes `value` as JSON with its keys sorted and the varying ones left out (parseEvent bounded its depth). */
function canonical(value: unknown, hash: ReturnType<typeof createHash>): void {
  if (Array.isArray(value)) {
    hash.update('[');
    value.forEach((item, i) => {
      if (i > 0) hash.update(',');
      canonical(item, hash);
    });
    hash.update(']');
  } else if (value !== null && typeof value === 'object') {
    hash.update('{');
    let first = true;
    for (const key of Object.keys(value).sort()) {
      if (VARYING_KEYS.has(key)) continue;
      if (!first) hash.update(',');
      first = false;
      hash.update(JSON.stringify(key)).update(':');
      canonical((value as Record<string, unknown>)[key], hash);
    }
    hash.update('}');
  } else {
    hash.update(JSON.stringify(value));
  }
}
