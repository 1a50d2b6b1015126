/** Meetings and webinars: get (with a start_url per `startUrlZak`), list, create, update, delete. */
import {
  type ApiContext, type ApiRoute, decodeSegment, invalidField, isResponse, jsonBody, meetingNotFound, userNotFound, userParam,
} from './api-common.js';
import type { MeetingRec } from './state.js';
import { meetingJson, meetingListItem } from './json-views.js';
import { type SimResponse, zoomError, zoomJson, zoomNoContent } from './response.js';
import { paginate } from './paging.js';
import { zoomDate } from './ids.js';

/** Zoom caps meeting creates and updates at 100 per user per day. */
const DAILY_MEETING_WRITES = 100;
const CREATABLE_TYPES = new Set([1, 2, 3, 8]);

function meetingParam(ctx: ApiContext, kind: MeetingRec['kind']): MeetingRec | SimResponse {
  const raw = ctx.params.meetingId ?? '';
  const id = decodeSegment(raw) ?? raw;
  const meeting = ctx.deps.state.meeting(id);
  if (!meeting || meeting.kind !== kind) {
    return kind === 'webinar' ? zoomError(404, 3001, `Webinar does not exist: ${id}.`) : meetingNotFound(id);
  }
  return meeting;
}

/** Counts one write against the host's daily cap; the 429 once it is spent. */
function dailyWrite(ctx: ApiContext, userId: string): SimResponse | undefined {
  const { state, clock } = ctx.deps;
  const key = `${userId}:${zoomDate(clock())}`;
  const count = (state.dailyMeetingWrites.get(key) ?? 0) + 1;
  state.dailyMeetingWrites.set(key, count);
  if (count <= DAILY_MEETING_WRITES) return undefined;
  const nextMidnight = (Math.floor(clock() / 86_400_000) + 1) * 86_400_000;
  return zoomError(429, 429, 'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.', {
    'retry-after': new Date(nextMidnight).toUTCString(), 'x-ratelimit-category': 'Medium', 'x-ratelimit-type': 'Daily-limit',
    'x-ratelimit-limit': DAILY_MEETING_WRITES, 'x-ratelimit-remaining': 0,
  });
}

/** Apply the writable fields of a create/update body; a message when one is not valid. */
function applyFields(m: MeetingRec, body: Record<string, unknown>, ctx: ApiContext): string | undefined {
  if (body.topic !== undefined) {
    if (typeof body.topic !== 'string') return 'Invalid field: topic.';
    m.topic = body.topic.slice(0, 200);
  }
  if (body.agenda !== undefined) {
    if (typeof body.agenda !== 'string') return 'Invalid field: agenda.';
    m.agenda = body.agenda;
  }
  if (body.type !== undefined) {
    if (typeof body.type !== 'number' || !CREATABLE_TYPES.has(body.type)) return 'Invalid field: type.';
    m.type = body.type;
  }
  if (body.duration !== undefined) {
    if (typeof body.duration !== 'number' || body.duration < 0) return 'Invalid field: duration.';
    m.durationMinutes = Math.floor(body.duration);
  }
  if (body.start_time !== undefined) {
    const t = typeof body.start_time === 'string' ? Date.parse(body.start_time) : NaN;
    if (Number.isNaN(t)) return 'Invalid field: start_time.';
    m.startTime = t;
  }
  const settings = body.settings;
  if (settings !== undefined && settings !== null && typeof settings === 'object') {
    const alt = (settings as Record<string, unknown>).alternative_hosts;
    if (alt !== undefined) {
      if (typeof alt !== 'string') return 'Invalid field: settings.alternative_hosts.';
      const hosts = alt.split(/[;,]/).map((h) => h.trim()).filter((h) => h !== '');
      const unknown = hosts.find((h) => !ctx.deps.state.user(h));
      if (unknown) return `Invalid alternative host: ${unknown}.`;
      m.alternativeHosts = hosts;
    }
  }
  return undefined;
}

function listOf(kind: MeetingRec['kind']): ApiRoute['handle'] {
  return (ctx) => {
    const user = userParam(ctx);
    if (isResponse(user)) return user;
    const all = [...ctx.deps.state.meetings.values()].filter((m) => m.kind === kind && m.hostId === user.id);
    const page = paginate({ secret: ctx.deps.tokens.secret, clock: ctx.deps.clock }, ctx.req.query, `${kind}s:${user.id}`, all);
    if ('error' in page) return invalidField(page.error);
    return zoomJson(200, {
      page_size: page.pageSize, total_records: page.total, next_page_token: page.nextPageToken,
      [`${kind}s`]: page.items.map((m) => meetingListItem(ctx.deps, m)),
    });
  };
}

export const meetingRoutes: ApiRoute[] = [
  { method: 'GET', pattern: '/users/:userId/meetings', category: 'Medium', handle: listOf('meeting') },
  { method: 'GET', pattern: '/users/:userId/webinars', category: 'Medium', handle: listOf('webinar') },
  {
    method: 'POST', pattern: '/users/:userId/meetings', category: 'Medium',
    handle: (ctx) => {
      const user = userParam(ctx);
      if (isResponse(user)) return user;
      const body = jsonBody(ctx.req);
      if (!body) return invalidField('Request body must be a JSON object.');
      // `schedule_for` (id or email): the meeting is that user's (the app schedules on their behalf).
      const scheduleFor = typeof body.schedule_for === 'string' && body.schedule_for !== '' ? ctx.deps.state.user(body.schedule_for) : user;
      if (!scheduleFor) return userNotFound(String(body.schedule_for));
      const limited = dailyWrite(ctx, scheduleFor.id);
      if (limited) return limited;
      const meeting = ctx.deps.state.addMeeting({ hostId: scheduleFor.id, startTime: ctx.deps.clock() + 86_400_000 });
      const problem = applyFields(meeting, body, ctx);
      if (problem) {
        ctx.deps.state.deleteMeeting(meeting.id);
        return invalidField(problem);
      }
      return zoomJson(201, meetingJson(ctx.deps, meeting));
    },
  },
  {
    method: 'GET', pattern: '/meetings/:meetingId', category: 'Light',
    handle: (ctx) => {
      const meeting = meetingParam(ctx, 'meeting');
      return isResponse(meeting) ? meeting : zoomJson(200, meetingJson(ctx.deps, meeting));
    },
  },
  {
    method: 'PATCH', pattern: '/meetings/:meetingId', category: 'Light',
    handle: (ctx) => {
      const meeting = meetingParam(ctx, 'meeting');
      if (isResponse(meeting)) return meeting;
      const body = jsonBody(ctx.req);
      if (!body) return invalidField('Request body must be a JSON object.');
      const limited = dailyWrite(ctx, meeting.hostId);
      if (limited) return limited;
      // Validate on a copy so a bad field changes nothing.
      const draft = { ...meeting, alternativeHosts: [...meeting.alternativeHosts] };
      const problem = applyFields(draft, body, ctx);
      if (problem) return invalidField(problem);
      Object.assign(meeting, draft);
      return zoomNoContent();
    },
  },
  {
    method: 'DELETE', pattern: '/meetings/:meetingId', category: 'Light',
    handle: (ctx) => {
      const meeting = meetingParam(ctx, 'meeting');
      if (isResponse(meeting)) return meeting;
      ctx.deps.state.deleteMeeting(meeting.id);
      return zoomNoContent();
    },
  },
  {
    method: 'GET', pattern: '/webinars/:meetingId', category: 'Light',
    handle: (ctx) => {
      const webinar = meetingParam(ctx, 'webinar');
      return isResponse(webinar) ? webinar : zoomJson(200, meetingJson(ctx.deps, webinar));
    },
  },
];
