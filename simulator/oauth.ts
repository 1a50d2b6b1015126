/**
 * `POST /oauth/token` for Server-to-Server OAuth (grant_type=account_credentials). Strict where
 * Zoom is reported strict: Basic client auth, parameters in a form body only.
 */
import type { ZoomCredentials } from './types.js';
import type { SimRequest } from './sim-server.js';
import type { TokenStore } from './tokens.js';
import type { SimRecord } from './record.js';
import { type SimResponse, zoomJson } from './response.js';

/** The scopes a typical proxy app is granted; Zoom lists them space-separated. */
const SCOPES = [
  'meeting:read:admin', 'meeting:write:admin', 'webinar:read:admin', 'recording:read:admin',
  'user:read:admin', 'user:read:token:admin', 'user:read:zak:admin',
].join(' ');

export interface OAuthDeps {
  credentials: ZoomCredentials;
  tokens: TokenStore;
  record: SimRecord;
  ttlSeconds: number;
  /** What the token response's `api_url` says: Zoom gives the API origin, without `/v2`. */
  apiOrigin: string;
  credentialsRejected(): boolean;
}

const failure = (status: number, error: string, reason: string): SimResponse => zoomJson(status, { reason, error });

function clientOf(authorization: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export function handleOAuth(deps: OAuthDeps, req: SimRequest): SimResponse {
  if (req.path !== '/oauth/token') return failure(404, 'invalid_request', 'Not found');
  if (req.method !== 'POST') return failure(405, 'invalid_request', 'Method not allowed; POST the token request');

  const client = clientOf(req.headers.authorization);
  const { clientId, clientSecret, accountId } = deps.credentials;
  if (deps.credentialsRejected() || !client || client.id !== clientId || client.secret !== clientSecret) {
    return failure(401, 'invalid_client', 'Invalid client_id or client_secret');
  }

  // Only a form body counts: the query-string form has been reported to fail.
  const isForm = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  const form = new URLSearchParams(isForm ? req.body.toString('utf8') : '');
  const grantType = form.get('grant_type');
  if (grantType === null) {
    const inQuery = req.query.has('grant_type') || req.query.has('account_id');
    return failure(400, 'invalid_request', inQuery
      ? 'Send grant_type and account_id in the request body, not the query string'
      : 'Missing grant_type; send an application/x-www-form-urlencoded body');
  }
  if (grantType !== 'account_credentials') return failure(400, 'unsupported_grant_type', 'Unsupported grant type');
  if (form.get('account_id') !== accountId) return failure(400, 'invalid_request', 'Invalid account_id');

  deps.record.oauthMints += 1;
  return zoomJson(200, {
    access_token: deps.tokens.issueAccessToken(deps.ttlSeconds),
    token_type: 'bearer',
    expires_in: deps.ttlSeconds,
    scope: SCOPES,
    api_url: deps.apiOrigin,
  }, { 'cache-control': 'no-store', pragma: 'no-cache' });
}
