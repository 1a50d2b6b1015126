/**
 * The REST API under `/v2`: Bearer-only authentication (a token in the query string gets 124, as
 * since Feb 2023) and a route table on raw path segments, so double-encoded UUIDs reach their
 * handler untouched.
 */
import type { RateLimitCategory } from './types.js';
import type { SimRequest } from './sim-server.js';
import { type ApiDeps, type ApiRoute, invalidToken } from './api-common.js';
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

function bearerOf(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return m?.[1];
}

export function handleApi(deps: ApiDeps, req: SimRequest): SimResponse {
  // Zoom checks the token before it looks at the route.
  const token = bearerOf(req.headers.authorization);
  if (token === undefined || deps.tokens.checkAccessToken(token) !== 'account') return invalidToken();
  const found = findRoute(req.method === 'HEAD' ? 'GET' : req.method, req.path);
  if (!found) return zoomError(404, 300, 'The API route does not exist or the method is not allowed.');
  return found.route.handle({ req, deps, params: found.params });
}
