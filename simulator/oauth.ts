/**
 * `POST /oauth/token` for Server-to-Server OAuth (grant_type=account_credentials). Strict where
 * Zoom is reported strict: Basic client auth, parameters in a form body only. The client id names
 * the app, hence the account; `account_id` must be that app's account.
 */
import type { SimRequest } from './sim-server.js';
import type { SimAccount } from './account.js';
import type { SimRecord } from './record.js';
import { basicClientOf } from './request-account.js';
import { type SimResponse, zoomJson } from './response.js';

/** The scopes a typical proxy app is granted; Zoom lists them space-separated. */
const SCOPES = [
  'meeting:read:admin', 'meeting:write:admin', 'webinar:read:admin', 'recording:read:admin',
  'user:read:admin', 'user:read:token:admin', 'user:read:zak:admin',
].join(' ');

export interface OAuthDeps {
  /** The accounts this server serves; an app of another is unknown here. */
  accounts: readonly SimAccount[];
  record: SimRecord;
  ttlSeconds: number;
  /** What the token response's `api_url` says: Zoom gives the API origin, without `/v2`. */
  apiOrigin: string;
  credentialsRejected(account: string): boolean;
}

const failure = (status: number, error: string, reason: string): SimResponse => zoomJson(status, { reason, error });

export function handleOAuth(deps: OAuthDeps, req: SimRequest): SimResponse {
  if (req.path !== '/oauth/token') return failure(404, 'invalid_request', 'Not found');
  if (req.method !== 'POST') return failure(405, 'invalid_request', 'Method not allowed; POST the token request');

  const client = basicClientOf(req.headers.authorization);
  const account = client && deps.accounts.find((a) => a.credentials.clientId === client.id);
  if (!account || client?.secret !== account.credentials.clientSecret || deps.credentialsRejected(account.name)) {
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
  if (form.get('account_id') !== account.credentials.accountId) return failure(400, 'invalid_request', 'Invalid account_id');

  deps.record.countOAuthMint(account.name);
  return zoomJson(200, {
    access_token: account.tokens.issueAccessToken(deps.ttlSeconds),
    token_type: 'bearer',
    expires_in: deps.ttlSeconds,
    scope: SCOPES,
    api_url: deps.apiOrigin,
  }, { 'cache-control': 'no-store', pragma: 'no-cache' });
}
