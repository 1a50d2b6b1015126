/**
 * Every credential the simulator hands out and how it stops working: OAuth access tokens (opaque,
 * expiring, invalidated wholesale), meeting-scoped download tokens, webhook download tokens (JWTs
 * good for one recording until their `exp`), and ZAK/OBF JWTs (expiring, revoked per user,
 * invalidated per token or wholesale). Each issue gets a serial number so "every
 * one issued so far" is a single comparison, whatever the clock says.
 */
import { randomBytes } from 'node:crypto';
import { signJwt, verifyJwt, type JwtClaims } from './jwt.js';
import { randomToken } from './ids.js';

interface AccessTokenRec {
  expiresAt: number;
  serial: number;
  /** Set for `download_access_token`s: good only for that meeting's files. */
  meetingId?: number;
}

export interface ZakClaims {
  uid: string;
  exp: number;
  jti: string;
}

/** A ZAK's `jti` is `<serial>.<random>`: unique, and it tells when the ZAK was issued. */
/** The issuer and audience of a `recording.completed` event's `download_token` (decoded from Zoom's). */
const WEBHOOK_TOKEN_ISSUER = 'https://event.zoom.us';
const WEBHOOK_TOKEN_AUDIENCE = 'https://oauth.zoom.us';

function serialOf(jti: string): number {
  return Number.parseInt(jti.split('.')[0] ?? '', 36);
}

export class TokenStore {
  readonly #secret = randomBytes(32);
  readonly #accessTokens = new Map<string, AccessTokenRec>();
  #serial = 0;
  #accessInvalidatedUpTo = 0;
  #zaksInvalidatedUpTo = 0;
  readonly #zaksRevokedUpTo = new Map<string, number>();
  readonly #invalidatedJtis = new Set<string>();

  constructor(
    private readonly clock: () => number,
    private readonly accountId: string,
  ) {}

  /** The key the CDN signatures and page tokens use; never leaves the process. */
  get secret(): Buffer {
    return this.#secret;
  }

  issueAccessToken(ttlSeconds: number, meetingId?: number): string {
    const now = this.clock();
    if (this.#accessTokens.size > 10_000) {
      for (const [t, rec] of this.#accessTokens) if (rec.expiresAt <= now) this.#accessTokens.delete(t);
    }
    const token = randomToken(48);
    const rec: AccessTokenRec = { expiresAt: now + ttlSeconds * 1000, serial: ++this.#serial };
    if (meetingId !== undefined) rec.meetingId = meetingId;
    this.#accessTokens.set(token, rec);
    return token;
  }

  /** `'account'` for a good access token, the meeting id for a good download token, else undefined. */
  checkAccessToken(token: string): 'account' | number | undefined {
    const rec = this.#accessTokens.get(token);
    if (!rec || rec.expiresAt <= this.clock() || rec.serial <= this.#accessInvalidatedUpTo) return undefined;
    return rec.meetingId ?? 'account';
  }

  invalidateAccessTokens(): void {
    this.#accessInvalidatedUpTo = this.#serial;
  }

  /**
   * A ZAK of `uid`, with Zoom's claims. `issuedAgoSeconds` backdates it (an expired ZAK is one
   * issued more than its ttl ago).
   */
  mintZak(uid: string, ttlSeconds: number, issuedAgoSeconds = 0): string {
    const iat = Math.floor(this.clock() / 1000) - issuedAgoSeconds;
    return signJwt(this.#claims(uid, iat, ttlSeconds), this.#secret);
  }

  /** An on-behalf-of token: a ZAK-like JWT bound to one meeting. */
  mintObf(uid: string, meetingId: number, ttlSeconds: number): string {
    const iat = Math.floor(this.clock() / 1000);
    return signJwt({ ...this.#claims(uid, iat, ttlSeconds), type: 'onbehalf', mid: String(meetingId) }, this.#secret);
  }

  #claims(uid: string, iat: number, ttlSeconds: number): JwtClaims {
    const jti = `${(++this.#serial).toString(36)}.${randomBytes(8).toString('hex')}`;
    return {
      aud: 'clientsm', uid, iss: 'web', sk: '0', sty: 100, wcd: 'us05', clt: 0,
      iat, exp: iat + ttlSeconds, aid: this.accountId, cid: '', jti,
    };
  }

  /** The claims of a ZAK that still works (ours, unexpired, not revoked nor invalidated). */
  validZak(token: string): ZakClaims | undefined {
    const claims = verifyJwt(token, this.#secret);
    const { uid, exp, jti } = claims ?? {};
    if (typeof uid !== 'string' || typeof exp !== 'number' || typeof jti !== 'string') return undefined;
    if (claims?.type !== undefined) return undefined; // an OBF token cannot start a meeting
    if (exp * 1000 <= this.clock()) return undefined;
    const serial = serialOf(jti);
    if (serial <= this.#zaksInvalidatedUpTo || serial <= (this.#zaksRevokedUpTo.get(uid) ?? 0)) return undefined;
    if (this.#invalidatedJtis.has(jti)) return undefined;
    return { uid, exp, jti };
  }

  /**
   * A `recording.completed` event's `download_token`: a JWT with Zoom's claims, good for the files of
   * one recording (`mid`, its UUID) until `exp`. Each one is new (a duplicate event carries another).
   */
  issueWebhookDownloadToken(recordingUuid: string, hostId: string, ttlSeconds: number): string {
    const iat = Math.floor(this.clock() / 1000);
    return signJwt({
      iss: WEBHOOK_TOKEN_ISSUER, accountId: this.accountId, aud: WEBHOOK_TOKEN_AUDIENCE, mid: recordingUuid,
      userId: hostId, iat, exp: iat + ttlSeconds, jti: randomBytes(8).toString('hex'),
    }, this.#secret);
  }

  /** The recording UUID a webhook download token opens, while it is ours and unexpired. */
  webhookTokenRecording(token: string): string | undefined {
    const claims = verifyJwt(token, this.#secret);
    if (claims?.iss !== WEBHOOK_TOKEN_ISSUER || typeof claims.mid !== 'string' || typeof claims.exp !== 'number') return undefined;
    return claims.exp * 1000 > this.clock() ? claims.mid : undefined;
  }

  /** Whether this account signed the JWT (a ZAK or OBF token), whatever its state. */
  signed(token: string): boolean {
    return verifyJwt(token, this.#secret) !== undefined;
  }

  /** One ZAK stops working although unexpired: the stored start_url of the Sept 2021 PMI breakage. */
  invalidateZak(token: string): void {
    const jti = verifyJwt(token, this.#secret)?.jti;
    if (typeof jti === 'string') this.#invalidatedJtis.add(jti);
  }

  /** "Sign me out of all devices". */
  revokeZaksOf(uid: string): void {
    this.#zaksRevokedUpTo.set(uid, this.#serial);
  }

  invalidateAllZaks(): void {
    this.#zaksInvalidatedUpTo = this.#serial;
  }
}
