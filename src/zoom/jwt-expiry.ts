/**
 * The claims of a JWT, read without checking its signature (Zoom's ZAKs are JWTs signed with a key
 * only Zoom holds, docs/zoom.md), or undefined when the token is not a JWT with a JSON object as claims.
 */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `exp` claim of a JWT, in epoch milliseconds, or undefined when the token is not a JWT or has
 * no numeric `exp`. `exp` only tells when a ZAK is certainly stale, never that it is valid.
 */
export function jwtExpiryMs(token: string): number | undefined {
  const exp = jwtClaims(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}
