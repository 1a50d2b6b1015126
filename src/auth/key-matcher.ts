import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

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
