/**
 * Which account's credential a request carries, read before the route runs so faults can target an
 * account and `seen.requests` can say which credential each call used. Only the accounts a server
 * serves are candidates: another server's token is unknown there, as between Zoom and Zoom for
 * Government.
 */
import type { SimAccount } from './account.js';
import type { SimRequest } from './sim-server.js';
import { checkCdnSignature } from './cdn-signature.js';

export function bearerOf(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

export function basicClientOf(authorization: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The account that issued this access, download or webhook download token, while it still works. */
export function accountOfToken(accounts: readonly SimAccount[], token: string | undefined): SimAccount | undefined {
  if (token === undefined) return undefined;
  return accounts.find((a) => a.tokens.checkAccessToken(token) !== undefined || a.tokens.webhookTokenRecording(token) !== undefined);
}

/** The account holding this file. */
export function accountOfFile(accounts: readonly SimAccount[], fileId: string): SimAccount | undefined {
  return accounts.find((a) => a.hasFile(fileId));
}

/** The main server: the OAuth app's client id, a Bearer token, or the start page's ZAK. */
export function accountOfMainRequest(accounts: readonly SimAccount[], req: SimRequest): SimAccount | undefined {
  if (req.kind === 'oauth') {
    const client = basicClientOf(req.headers.authorization);
    return client && accounts.find((a) => a.credentials.clientId === client.id);
  }
  const token = bearerOf(req.headers.authorization);
  if (token !== undefined) return accountOfToken(accounts, token);
  const zak = req.kind === 'web' && req.path.startsWith('/s/') ? req.query.get('zak') : null;
  return zak === null ? undefined : accounts.find((a) => a.tokens.signed(zak));
}

/** The CDN: the account whose key signed the URL (an expired signature still names it). */
export function accountOfCdnRequest(accounts: readonly SimAccount[], req: SimRequest, nowMs: number): SimAccount | undefined {
  const fileId = cdnFileIdOf(req.path);
  const owner = accountOfFile(accounts, fileId);
  return owner && checkCdnSignature(req.query, owner.tokens.secret, fileId, nowMs) !== 'bad' ? owner : undefined;
}

/** The file id of a CDN path (`/file/{id}`), `''` when there is none. */
export function cdnFileIdOf(path: string): string {
  try {
    return decodeURIComponent(/^\/file\/([^/]+)$/.exec(path)?.[1] ?? '');
  } catch {
    return '';
  }
}
