/** What every REST route module shares: its context, the route shape and Zoom's common errors. */
import type { RateLimitCategory } from './types.js';
import type { SimRequest } from './sim-server.js';
import type { SimRecord } from './record.js';
import type { UserRec } from './state.js';
import type { ViewDeps } from './json-views.js';
import { type SimResponse, zoomError } from './response.js';

export interface ApiDeps extends ViewDeps {
  /** Name of the account the request's token belongs to: the route sees that account's data only. */
  account: string;
  record: SimRecord;
  clock: () => number;
}

export interface ApiContext {
  req: SimRequest;
  deps: ApiDeps;
  /** Path parameters, still percent-encoded as received. */
  params: Record<string, string>;
}

export interface ApiRoute {
  method: string;
  /** e.g. `/users/:userId/token`, below `/v2`. */
  pattern: string;
  /** Zoom's rate-limit category of the route. */
  category: RateLimitCategory;
  handle(ctx: ApiContext): SimResponse;
}

export const invalidToken = (): SimResponse => zoomError(401, 124, 'Invalid access token.');
export const userNotFound = (id: string): SimResponse => zoomError(404, 1001, `User does not exist: ${id}.`);
export const meetingNotFound = (id: string): SimResponse => zoomError(404, 3001, `Meeting does not exist: ${id}.`);
export const invalidField = (message: string): SimResponse => zoomError(400, 300, message);

/** Decode one raw path segment; `undefined` when it is not valid percent-encoding. */
export function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export function isResponse(x: unknown): x is SimResponse {
  return typeof x === 'object' && x !== null && 'status' in x && 'headers' in x;
}

/** The user a path names (id, email or `me`), or the 1001 answer. */
export function userParam(ctx: ApiContext): UserRec | SimResponse {
  const raw = ctx.params.userId ?? '';
  const id = decodeSegment(raw) ?? raw;
  return ctx.deps.state.user(id) ?? userNotFound(id);
}

/** The JSON object of a request body, or `undefined` when it is not one. */
export function jsonBody(req: SimRequest): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(req.body.toString('utf8') || '{}');
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
