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
  sign(kind: LinkKind, subject: string, ttlSeconds: number, account?: string): SignedParams;
  /**
   * Constant-time check of `sig` over kind, subject and exp, with the current secret, then with each
   * previous one; then expiry against the clock.
   */
  verify(kind: LinkKind, subject: string, exp: string | undefined, sig: string | undefined, account?: string): Verdict;
}

const MAC_BYTES = 32; // HMAC-SHA256
const SIG_LENGTH = 43; // MAC_BYTES in base64url without padding
const EXP_PATTERN = /^\d{1,12}$/;

/**
 * HMAC-SHA256 over `kind \n subject \n exp`: the kind keeps a start link's signature from opening a
 * download and the reverse; the expiry is inside the MAC so it cannot be extended. A link of one of
 * several accounts signs `kind@account` instead of `kind` (no kind holds an `@`, so the two forms
 * never meet): moved to another account, it no longer verifies.
 *
 * `previousSecrets` (`links.previousSecrets`) only verify, never sign: links handed out before a
 * rotation keep working until they expire. The current secret is tried first, so a link signed since
 * the rotation costs one HMAC as before; each comparison is constant-time on its own.
 */
export function createLinkSigner(secret: string, clock: Clock, previousSecrets: readonly string[] = []): LinkSigner {
  const key = Buffer.from(secret, 'utf8');
  const previousKeys = previousSecrets.map((s) => Buffer.from(s, 'utf8'));
  const macWith = (k: Buffer, kind: LinkKind, subject: string, exp: string, account: string | undefined): Buffer =>
    createHmac('sha256', k).update(`${account === undefined ? kind : `${kind}@${account}`}\n${subject}\n${exp}`).digest();

  return {
    sign(kind, subject, ttlSeconds, account) {
      const exp = Math.floor(clock() / 1000) + ttlSeconds;
      return { exp, sig: macWith(key, kind, subject, String(exp), account).toString('base64url') };
    },
    verify(kind, subject, exp, sig, account) {
      if (!exp || !sig || !EXP_PATTERN.test(exp) || sig.length !== SIG_LENGTH) return 'invalid';
      const given = Buffer.from(sig, 'base64url');
      // Round-trip check rejects non-canonical base64url that decodes to the same bytes.
      if (given.length !== MAC_BYTES || given.toString('base64url') !== sig) return 'invalid';
      let valid = timingSafeEqual(given, macWith(key, kind, subject, exp, account));
      for (let i = 0; !valid && i < previousKeys.length; i++) {
        valid = timingSafeEqual(given, macWith(previousKeys[i] as Buffer, kind, subject, exp, account));
      }
      if (!valid) return 'invalid';
      return Number(exp) * 1000 > clock() ? 'ok' : 'expired';
    },
  };
}
