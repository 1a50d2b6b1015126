/**
 * HS256 JSON Web Tokens for the simulator's ZAK and OBF tokens. Zoom signs these with a key only it
 * holds; so does the simulator (a random key per instance): callers can read the claims, never
 * forge or verify one, exactly as against real Zoom.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

/** The header real ZAKs carry (decoded from live tokens). */
const HEADER = { typ: 'JWT', sv: '000001', zm_skm: 'zm_o2m', alg: 'HS256' };

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function mac(secret: Buffer, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const input = `${b64url(JSON.stringify(HEADER))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${mac(secret, input).toString('base64url')}`;
}

/** The claims when the signature is ours and the header says HS256; `undefined` otherwise. Expiry is the caller's. */
export function verifyJwt(token: string, secret: Buffer): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, sig] = parts as [string, string, string];
  const expected = mac(secret, `${head}.${body}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'HS256') return undefined;
    const claims: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}
