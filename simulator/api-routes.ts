/**
 * The REST API under `/v2`: Bearer-only authentication (a token in the query string gets 124, as
 * since Feb 2023) and a route table on raw path segments, so double-encoded UUIDs reach their
 * handler untouched. The token's account is the only one the route sees: another account's user,
 * meeting or recording is a miss (404 with Zoom's code for it), as in Zoom.
 */
import type { RateLimitCategory } from './types.js';
import type { SimRequest } from './sim-server.js';
import type { SimAccount } from './account.js';
import { type ApiDeps, type ApiRoute, invalidToken } from './api-common.js';
import { bearerOf } from './request-account.js';
import { type SimResponse, zoomError } from './response.js';
import { userRoutes } from './api-users.js';
import { meetingRoutes } from './api-meetings.js';
import { recordingRoutes } from './api-recordings.js';

/** Literal segments before parameters, so `/users/me/zak` wins over `/users/:userId/...`. */
const ROUTES: Array<ApiRoute & { segments: string[] }> = [...userRoutes, ...meetingRoutes, ...recordingRoutes]
  .map((r) => ({ ...r, segments: r.pattern.split('/').slice(1) }))
  .sort((a, b) => b.segments.filter((s) => !s.startsWith(':')).length - a.segments.filter((s) => !s.startsWith(':')).length);

function findRoute(method: string, path: string): { route: ApiRoute; params: Record<string, string> } | undefined {
  const segments = path.replace(/^\/v2/, '').split('/').slice(1);
  for (const route of ROUTES) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = route.segments.every((s, i) => {
      const actual = segments[i] ?? '';
      if (!s.startsWith(':')) return s === actual;
      params[s.slice(1)] = actual;
      return actual !== '';
    });
    if (fits) return { route, params };
  }
  return undefined;
}

/** The category of an API request, for a rate-limit fault that names none. */
export function categoryOf(req: SimRequest): RateLimitCategory | undefined {
  return findRoute(req.method === 'HEAD' ? 'GET' : req.method, req.path)?.route.category;
}

export interface ApiServerDeps {
  /** The accounts this server serves. */
  accounts: readonly SimAccount[];
  /** The route context of one of them. */
  depsOf(account: SimAccount): ApiDeps;
}

export function handleApi(server: ApiServerDeps, req: SimRequest): SimResponse {
  // Zoom checks the token before it looks at the route.
  const token = bearerOf(req.headers.authorization);
  const account = token === undefined ? undefined : server.accounts.find((a) => a.tokens.checkAccessToken(token) === 'account');
  if (!account) return invalidToken();
  const found = findRoute(req.method === 'HEAD' ? 'GET' : req.method, req.path);
  if (!found) return zoomError(404, 300, 'The API route does not exist or the method is not allowed.');
  return found.route.handle({ req, deps: server.depsOf(account), params: found.params });
}
