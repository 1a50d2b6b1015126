/**
 * The `exp` claim of a JWT, in epoch milliseconds, or undefined when the token is not a JWT or has
 * no numeric `exp`. Zoom's ZAKs are JWTs whose signature we cannot check (ZOOM.md): `exp` only tells
 * when a ZAK is certainly stale, never that it is valid.
 */
export function jwtExpiryMs(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
