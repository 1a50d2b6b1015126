/** The user endpoints: a user, the user list, and the token endpoint (ZAK, OBF, legacy). */
import { type ApiContext, type ApiRoute, invalidField, isResponse, meetingNotFound, userNotFound, userParam } from './api-common.js';
import { userJson } from './json-views.js';
import { type SimResponse, zoomJson } from './response.js';
import { paginate } from './paging.js';
import { randomToken, trackingId } from './ids.js';

export const MAX_ZAK_TTL = 365 * 24 * 3600;
const DEFAULT_ZAK_TTL = 7200;
/** `GET /users/me/zak` gives a short-lived ZAK of the token's own user. */
const ME_ZAK_TTL = 300;

export const userRoutes: ApiRoute[] = [
  {
    method: 'GET', pattern: '/users', category: 'Medium',
    handle: ({ req, deps }) => {
      const page = paginate({ secret: deps.tokens.secret, clock: deps.clock }, req.query, 'users', deps.state.users);
      if ('error' in page) return invalidField(page.error);
      return zoomJson(200, {
        page_count: Math.ceil(page.total / page.pageSize), page_number: 1, page_size: page.pageSize,
        total_records: page.total, next_page_token: page.nextPageToken, users: page.items.map((u) => userJson(deps, u)),
      });
    },
  },
  {
    method: 'GET', pattern: '/users/:userId', category: 'Light',
    handle: (ctx) => {
      const user = userParam(ctx);
      return isResponse(user) ? user : zoomJson(200, userJson(ctx.deps, user));
    },
  },
  {
    method: 'GET', pattern: '/users/me/zak', category: 'Light',
    handle: ({ deps }) => {
      const me = deps.state.user('me');
      if (!me) return userNotFound('me');
      deps.record.countZakMint(deps.account, me.id);
      return zoomJson(200, { token: deps.tokens.mintZak(me.id, ME_ZAK_TTL) });
    },
  },
  { method: 'GET', pattern: '/users/:userId/token', category: 'Light', handle: userToken },
  {
    // A binary upload (multipart/form-data). The bytes are in `seen.requests` (length, sha256).
    method: 'POST', pattern: '/users/:userId/picture', category: 'Medium',
    handle: (ctx) => {
      const user = userParam(ctx);
      if (isResponse(user)) return user;
      const length = Number(ctx.req.headers['content-length'] ?? ctx.req.body.length);
      if (length > MAX_PICTURE_BYTES) return invalidField('File size cannot exceed 2M.');
      if (!/^multipart\/form-data/i.test(ctx.req.headers['content-type'] ?? '')) return invalidField('Invalid field: pic_file.');
      return { status: 201, headers: { 'content-type': 'application/json;charset=UTF-8', 'x-zm-trackingid': trackingId(), 'content-length': 0 } };
    },
  },
];

/** Zoom refuses profile pictures over 2 MB. */
const MAX_PICTURE_BYTES = 2 * 1024 * 1024;

/** `GET /users/{userId}/token`: `type=zak`, `type=onbehalf&meeting_id=`, or (default) the legacy token. */
function userToken(ctx: ApiContext): SimResponse {
  const { req, deps } = ctx;
  const user = userParam(ctx);
  if (isResponse(user)) return user;
  const type = req.query.get('type') ?? 'token';
  const ttlParam = req.query.get('ttl');
  let ttl = DEFAULT_ZAK_TTL;
  if (ttlParam !== null) {
    if (!/^\d+$/.test(ttlParam) || Number(ttlParam) < 1 || Number(ttlParam) > MAX_ZAK_TTL) {
      return invalidField(`Invalid field: ttl. It must be between 1 and ${MAX_ZAK_TTL} seconds.`);
    }
    ttl = Number(ttlParam);
  }
  if (type === 'zak') {
    deps.record.countZakMint(deps.account, user.id);
    return zoomJson(200, { token: deps.tokens.mintZak(user.id, ttl) });
  }
  if (type === 'onbehalf') {
    const meetingId = req.query.get('meeting_id');
    if (!meetingId) return invalidField('meeting_id is required for type onbehalf.');
    const meeting = deps.state.meeting(meetingId);
    if (!meeting) return meetingNotFound(meetingId);
    deps.record.countObfMint(deps.account);
    return zoomJson(200, { token: deps.tokens.mintObf(user.id, meeting.id, ttl) });
  }
  if (type === 'token') {
    // The deprecated default: an opaque token, not a JWT. Callers that forget type=zak get this.
    deps.record.countLegacyTokenMint(deps.account);
    return zoomJson(200, { token: randomToken(40) });
  }
  return invalidField('Invalid field: type.');
}

