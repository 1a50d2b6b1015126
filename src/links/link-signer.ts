import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';

/** What a signed link opens: a start link names a meeting id, a download link a Zoom file URL. */
export type LinkKind = 'start' | 'download';

export type Verdict = 'ok' | 'invalid' | 'expired';

export interface SignedParams {
  /** Expiry, epoch seconds. */
  exp: number;
  /** base64url HMAC-SHA256. */
  sig: string;
}

export interface LinkSigner {
  sign(kind: LinkKind, subject: string, ttlSeconds: number): SignedParams;
  /** Constant-time check of `sig` over kind, subject and exp; then expiry against the clock. */
  verify(kind: LinkKind, subject: string, exp: string | undefined, sig: string | undefined): Verdict;
}

const SIG_LENGTH = 43; // 32 bytes of HMAC-SHA256, base64url without padding
const EXP_PATTERN = /^\d{1,12}$/;

/**
 * HMAC-SHA256 over `kind \n subject \n exp`: the kind keeps a start link's signature from opening a
 * download and the reverse; the expiry is inside the MAC so it cannot be extended.
 */
export function createLinkSigner(secret: string, clock: Clock): LinkSigner {
  const key = Buffer.from(secret, 'utf8');
  const mac = (kind: LinkKind, subject: string, exp: string): Buffer =>
    createHmac('sha256', key).update(`${kind}\n${subject}\n${exp}`).digest();

  return {
    sign(kind, subject, ttlSeconds) {
      const exp = Math.floor(clock() / 1000) + ttlSeconds;
      return { exp, sig: mac(kind, subject, String(exp)).toString('base64url') };
    },
    verify(kind, subject, exp, sig) {
      if (!exp || !sig || !EXP_PATTERN.test(exp) || sig.length !== SIG_LENGTH) return 'invalid';
      const given = Buffer.from(sig, 'base64url');
      const expected = mac(kind, subject, exp);
      // Round-trip check rejects non-canonical base64url that decodes to the same bytes.
      if (given.length !== expected.length || given.toString('base64url') !== sig) return 'invalid';
      if (!timingSafeEqual(given, expected)) return 'invalid';
      return Number(exp) * 1000 > clock() ? 'ok' : 'expired';
    },
  };
}
