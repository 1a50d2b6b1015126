import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkZoomSignature } from '../../../src/webhooks/zoom-signature.js';
import { zoomSignatureHeaders } from '../../helpers/zoom-event.js';

const SECRET = 'zoom-webhook-secret-token-for-properties';
const NOW_S = 1_765_000_000;
/** Wide, so that any timestamp below is inside the window: a refusal can only come from the signature. */
const TOLERANCE = 10_000;

const body = fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes));
const timestamp = fc.integer({ min: NOW_S - TOLERANCE, max: NOW_S + TOLERANCE });

function check(signed: Buffer, signedAt: number, sent: Buffer, sentAt: number, secret = SECRET): string | undefined {
  const headers = zoomSignatureHeaders(SECRET, signed, signedAt);
  return checkZoomSignature({ timestamp: String(sentAt), signature: headers['x-zm-signature'], body: sent }, secret, NOW_S * 1000, TOLERANCE);
}

test('property: a signature verifies for the exact bytes and timestamp it signed', () => {
  fc.assert(
    fc.property(body, timestamp, (bytes, ts) => {
      assert.equal(check(bytes, ts, bytes, ts), undefined);
    }),
  );
});

test('property: any other bytes, timestamp or secret does not verify', () => {
  fc.assert(
    fc.property(body, body, timestamp, timestamp, (bytes, other, ts, otherTs) => {
      if (!other.equals(bytes)) assert.equal(check(bytes, ts, other, ts), 'signature_wrong');
      if (otherTs !== ts) assert.equal(check(bytes, ts, bytes, otherTs), 'signature_wrong');
      assert.equal(check(bytes, ts, bytes, ts, `${SECRET}x`), 'signature_wrong');
    }),
  );
});

test('property: one flipped bit anywhere in the body is refused', () => {
  fc.assert(
    fc.property(body.filter((b) => b.length > 0), fc.nat(), fc.integer({ min: 0, max: 7 }), timestamp, (bytes, at, bit, ts) => {
      const altered = Buffer.from(bytes);
      const i = at % altered.length;
      altered[i] = (altered[i] as number) ^ (1 << bit);
      assert.equal(check(bytes, ts, altered, ts), 'signature_wrong');
    }),
  );
});

test('the timestamp window: stale, future, missing; the signature: missing or malformed', () => {
  const bytes = Buffer.from('{"event":"meeting.started"}');
  const at = (ts: number, tolerance = 300): string | undefined =>
    checkZoomSignature({ timestamp: String(ts), signature: zoomSignatureHeaders(SECRET, bytes, ts)['x-zm-signature'], body: bytes }, SECRET, NOW_S * 1000, tolerance);
  assert.equal(at(NOW_S - 300), undefined);
  assert.equal(at(NOW_S + 300), undefined);
  assert.equal(at(NOW_S - 301), 'timestamp_stale');
  assert.equal(at(NOW_S + 301), 'timestamp_future');
  const headers = zoomSignatureHeaders(SECRET, bytes, NOW_S);
  const refusal = (timestampHeader: string | undefined, signature: string | undefined): string | undefined =>
    checkZoomSignature({ timestamp: timestampHeader, signature, body: bytes }, SECRET, NOW_S * 1000, 300);
  assert.equal(refusal(undefined, headers['x-zm-signature']), 'timestamp_missing');
  assert.equal(refusal(`${NOW_S}.0`, headers['x-zm-signature']), 'timestamp_missing');
  assert.equal(refusal(` ${NOW_S}`, headers['x-zm-signature']), 'timestamp_missing');
  assert.equal(refusal(String(NOW_S), undefined), 'signature_missing');
  assert.equal(refusal(String(NOW_S), `v1=${'0'.repeat(64)}`), 'signature_missing');
  assert.equal(refusal(String(NOW_S), `v0=${'0'.repeat(63)}`), 'signature_missing');
  assert.equal(refusal(String(NOW_S), `${headers['x-zm-signature']}00`), 'signature_missing');
  assert.equal(refusal(String(NOW_S), headers['x-zm-signature']?.toUpperCase().replace('V0=', 'v0=')), undefined, 'hex in either case');
});
