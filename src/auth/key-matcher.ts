import { timingSafeEqual } from 'node:crypto';

/**
 * Finds the entry one of whose secrets equals the one presented, in constant time: the presented bytes are
 * laid in a buffer as wide as the longest secret (zero-padded, the excess cut) and every entry is
 * compared over that whole width, lengths too, so neither the length nor the position of a match shows
 * in the timing (laying the bytes takes time by the presented length, capped at the width: what shows
 * is at most the longest secret's length, by nanoseconds). It hashed both sides with SHA-256 before:
 * 1.5 µs per request alone, 6 µs under load in profiles, against 0.3-0.4 µs for this.
 */
export function createKeyMatcher<T>(
  all: readonly T[],
  secretOf: (entry: T) => string | readonly string[],
): (presented: string | undefined) => T | undefined {
  // One row per secret: an entry with several (a client's `keys`) is one more comparison per key.
  const rows = all.flatMap((entry) => {
    const secret = secretOf(entry);
    return (typeof secret === 'string' ? [secret] : secret).map((s) => ({ entry, secret: Buffer.from(s, 'utf8') }));
  });
  const entries = rows.map((row) => row.entry);
  const secrets = rows.map((row) => row.secret);
  const width = Math.max(1, ...secrets.map((s) => s.length));
  const padded = secrets.map((s) => {
    const b = Buffer.alloc(width);
    s.copy(b);
    return b;
  });
  // One scratch buffer: a match runs to its end without yielding.
  const given = Buffer.alloc(width);
  return (presented) => {
    if (!presented) return undefined;
    const length = Buffer.byteLength(presented, 'utf8');
    given.fill(0);
    given.write(presented, 'utf8');
    let found: T | undefined;
    for (let i = 0; i < entries.length; i++) {
      // Both checks for every entry; `&` does not stop at the first false.
      const same = Number(timingSafeEqual(given, padded[i] as Buffer)) & Number(length === (secrets[i] as Buffer).length);
      if (same && found === undefined) found = entries[i];
    }
    // The presented key does not stay behind in the scratch buffer.
    given.fill(0);
    return found;
  };
}

/** The credential of `Authorization: Bearer <x>`, or undefined. */
export function bearerOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}
