/** Cloud recordings: of one meeting (by id or instance UUID) and of a user over at most a month. */
import { type ApiContext, type ApiRoute, decodeSegment, invalidField, isResponse, userParam } from './api-common.js';
import type { RecordingRec } from './state.js';
import { recordingJson } from './json-views.js';
import { type SimResponse, zoomError, zoomJson } from './response.js';
import { paginate } from './paging.js';
import { zoomDate } from './ids.js';

/** How long an `include_fields=download_access_token` token works ([?] Zoom does not say; a day). */
const DOWNLOAD_TOKEN_TTL = 86_400;

const noRecording = (): SimResponse => zoomError(404, 3301, 'This recording does not exist.');

/**
 * The recording a `{meetingId}` path segment names. A numeric id means the latest instance; a UUID
 * that starts with `/` or contains `//` must arrive double-encoded, as Zoom requires: one decoding
 * that still leaves a `%` (base64 UUIDs have none) is decoded again, and such a UUID arriving
 * encoded once is not found.
 */
function recordingOf(ctx: ApiContext): RecordingRec | undefined {
  const once = decodeSegment(ctx.params.meetingId ?? '');
  if (once === undefined) return undefined;
  if (/^\d+$/.test(once)) return ctx.deps.state.latestRecording(Number(once));
  let uuid = once;
  if (once.includes('%')) {
    const twice = decodeSegment(once);
    if (twice === undefined) return undefined;
    uuid = twice;
  } else if (uuid.startsWith('/') || uuid.includes('//')) {
    return undefined;
  }
  return ctx.deps.state.recordingByUuid(uuid);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of a `yyyy-mm-dd` UTC date, or NaN. */
function parseDate(s: string): number {
  const m = DATE.exec(s);
  if (!m) return NaN;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return zoomDate(t) === s ? t : NaN;
}

/** The day one calendar month after `t` (Jan 31 + 1 month is clamped by Date to early March). */
function plusOneMonth(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function userRecordings(ctx: ApiContext): SimResponse {
  const { req, deps } = ctx;
  const user = userParam(ctx);
  if (isResponse(user)) return user;
  // Both default to the current date, as Zoom documents.
  const today = zoomDate(deps.clock());
  const fromText = req.query.get('from') || today;
  const toText = req.query.get('to') || today;
  const from = parseDate(fromText);
  const to = parseDate(toText);
  if (Number.isNaN(from)) return invalidField('Invalid field: from.');
  if (Number.isNaN(to)) return invalidField('Invalid field: to.');
  if (to < from) return invalidField('The from date must be before the to date.');
  if (to > plusOneMonth(from)) return invalidField('The date range between from and to must be within one month.');

  const all = deps.state.recordings
    .filter((r) => deps.state.meeting(r.meetingId)?.hostId === user.id)
    .filter((r) => r.startTime >= from && r.startTime < to + 86_400_000)
    .sort((a, b) => b.startTime - a.startTime);
  const scope = `recordings:${user.id}:${fromText}:${toText}`;
  const page = paginate({ secret: deps.tokens.secret, clock: deps.clock }, req.query, scope, all);
  if ('error' in page) return invalidField(page.error);
  return zoomJson(200, {
    from: fromText, to: toText, page_count: Math.ceil(page.total / page.pageSize), page_size: page.pageSize,
    total_records: page.total, next_page_token: page.nextPageToken, meetings: page.items.map((r) => recordingJson(deps, r)),
  });
}

export const recordingRoutes: ApiRoute[] = [
  {
    method: 'GET', pattern: '/meetings/:meetingId/recordings', category: 'Light',
    handle: (ctx) => {
      const recording = recordingOf(ctx);
      if (!recording) return noRecording();
      const body = recordingJson(ctx.deps, recording);
      const fields = (ctx.req.query.get('include_fields') ?? '').split(',');
      if (fields.includes('download_access_token')) {
        body.download_access_token = ctx.deps.tokens.issueAccessToken(DOWNLOAD_TOKEN_TTL, recording.meetingId);
      }
      return zoomJson(200, body);
    },
  },
  { method: 'GET', pattern: '/users/:userId/recordings', category: 'Medium', handle: userRecordings },
];
