import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why an event's signature was refused; logged (never the signature itself). */
export type SignatureRefusal = 'timestamp_missing' | 'timestamp_stale' | 'timestamp_future' | 'signature_missing' | 'signature_wrong';

export interface SignedRequest {
  /** `x-zm-request-timestamp`: epoch seconds, as Zoom sent it. */
  timestamp: string | undefined;
  /** `x-zm-signature`: `v0=` and 64 hex digits. */
  signature: string | undefined;
  /** The body's bytes as received. */
  body: Buffer;
}

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^v0=([0-9a-fA-F]{64})$/;

/**
 * Checks a Zoom event's signature (docs/webhooks.md, "How an event is checked"): the timestamp is
 * whole epoch seconds within `toleranceSeconds` of `nowMs`, and `x-zm-signature` is `v0=` + hex
 * HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`). The HMAC is over the bytes as received (never a
 * re-serialised body, which breaks on non-ASCII text and key order) and compared in constant time
 * over two 32-byte buffers. Undefined: signed; otherwise why not.
 */
export function checkZoomSignature(request: SignedRequest, secret: string, nowMs: number, toleranceSeconds: number): SignatureRefusal | undefined {
  const { timestamp, signature, body } = request;
  if (timestamp === undefined || !TIMESTAMP.test(timestamp)) return 'timestamp_missing';
  const skew = Number(timestamp) - Math.floor(nowMs / 1000);
  if (skew < -toleranceSeconds) return 'timestamp_stale';
  if (skew > toleranceSeconds) return 'timestamp_future';
  const given = signature === undefined ? null : SIGNATURE.exec(signature);
  if (given === null) return 'signature_missing';
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest();
  return timingSafeEqual(Buffer.from(given[1] as string, 'hex'), expected) ? undefined : 'signature_wrong';
}

/** Zoom's `encryptedToken` for an `endpoint.url_validation`: hex HMAC-SHA256(secret, plainToken). Only ever for a signed request. */
export function encryptedTokenFor(secret: string, plainToken: string): string {
  return createHmac('sha256', secret).update(plainToken).digest('hex');
}
