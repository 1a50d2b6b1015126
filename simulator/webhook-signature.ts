/**
 * Zoom's webhook signature and the answer its URL validation expects (Zoom's docs, "Using webhooks":
 * "Verify webhook events" and "Validate your webhook endpoint").
 */
import { createHmac } from 'node:crypto';

/** `x-zm-signature`: `v0=` + hex HMAC-SHA256 over `v0:{timestamp}:{raw body}`. */
export function zoomWebhookSignature(secretToken: string, timestamp: string, body: Buffer): string {
  const mac = createHmac('sha256', secretToken).update(`v0:${timestamp}:`).update(body);
  return `v0=${mac.digest('hex')}`;
}

/** The `encryptedToken` an endpoint must answer for a `plainToken`: hex HMAC-SHA256 of it. */
export function encryptedToken(secretToken: string, plainToken: string): string {
  return createHmac('sha256', secretToken).update(plainToken).digest('hex');
}
