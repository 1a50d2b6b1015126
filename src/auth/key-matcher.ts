import { hash, timingSafeEqual } from 'node:crypto';

/** One-shot SHA-256 (`crypto.hash`, no Hash object per call: every request with a key pays it). */
const digest = (s: string): Buffer => hash('sha256', s, 'buffer');

/**
 * Finds the entry whose secret equals the one presented, in constant time: both sides are hashed to
 * equal length and every entry is compared, so neither the length nor the position of a match shows
 * in the timing.
 */
export function createKeyMatcher<T>(entries: readonly T[], secretOf: (entry: T) => string): (presented: string | undefined) => T | undefined {
  const hashed = entries.map((entry) => ({ entry, hash: digest(secretOf(entry)) }));
  return (presented) => {
    if (!presented) return undefined;
    const given = digest(presented);
    let found: T | undefined;
    for (const { entry, hash } of hashed) {
      if (timingSafeEqual(given, hash) && found === undefined) found = entry;
    }
    return found;
  };
}

/** The credential of `Authorization: Bearer <x>`, or undefined. */
export function bearerOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}
