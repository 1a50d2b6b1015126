import type { Dispatcher } from 'undici';
import { ZoomApiError } from '../errors.js';
import type { RateLimitMemory } from './rate-limit-memory.js';
import type { TokenProvider } from './token-provider.js';
import { zoomRequest, type ZoomResponse } from './zoom-request.js';

/** The fields of a Zoom meeting the proxy reads; the rest passes through untouched elsewhere. */
export interface ZoomMeeting {
  id: number;
  uuid?: string;
  host_id: string;
  host_email?: string;
  type?: number;
  start_url?: string;
}

export interface ZoomUser {
  id: string;
  email: string;
}

/** What one upstream call was for, as counted in metrics (`zlp_upstream_requests_total{kind}`). */
export type UpstreamKind = 'meeting' | 'webinar' | 'recordings' | 'user' | 'zak' | 'obf';

export interface ZoomClientOptions {
  apiUrl: string;
  tokens: TokenProvider;
  dispatcher: Dispatcher;
  timeoutMs: number;
  onCall?: (kind: UpstreamKind, status: string) => void;
  /** Every recordings answer the client fetched (getRecordingsHost), parsed: its files' owners are learned. */
  onRecordings?: (answer: unknown) => void;
  /** Zoom's 429s remembered: a call a limit still covers is not sent (rate-limit-memory.ts). */
  rateLimits?: RateLimitMemory;
}

export interface ZoomClient {
  getMeeting(meetingId: string): Promise<ZoomMeeting>;
  /** A webinar: the same fields as a meeting, under `/webinars`. */
  getWebinar(webinarId: string): Promise<ZoomMeeting>;
  /**
   * Whose recordings these are: `GET /meetings/{id or UUID}/recordings` (its `host_id`). A UUID is
   * given decoded once, as a path segment carries it; this encodes it again.
   */
  getRecordingsHost(meetingIdOrUuid: string): Promise<string>;
  /**
   * One meeting instance's recordings, `GET /meetings/{uuid}/recordings`, parsed: its files'
   * current `download_url`s. The UUID as Zoom writes it in events and answers (encoded here, twice
   * where Zoom requires it).
   */
  getRecordings(meetingUuid: string): Promise<unknown>;
  getUser(userIdOrEmail: string): Promise<ZoomUser>;
  /** A ZAK of the user, always with `type=zak` (without it Zoom mints a deprecated legacy token). */
  mintZak(userIdOrEmail: string): Promise<string>;
  /** An on-behalf-of token of the user for one meeting (single use: never cached). */
  mintObf(userIdOrEmail: string, meetingId: string): Promise<string>;
}

/** True when Zoom says the access token is invalid or expired (401 with code 124). */
export function isInvalidTokenError(err: unknown): boolean {
  return err instanceof ZoomApiError && err.status === 401 && err.zoomCode === 124;
}

/** A token string from `{ "token": "..." }`, or a ZoomApiError: never an empty token. */
function readToken(res: ZoomResponse): string {
  const token = (res.body as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token.length === 0) {
    throw new ZoomApiError(res.status, undefined, 'token answer has no token', { trackingId: res.trackingId });
  }
  return token;
}

export function createZoomClient(options: ZoomClientOptions): ZoomClient {
  const { tokens } = options;

  /**
   * GET a REST path (about `user`, when it is); a 124 drops the token, mints a new one and retries
   * once; a 429 is remembered, and while it holds the calls it covers are not sent.
   */
  async function get(kind: UpstreamKind, path: string, user?: string): Promise<ZoomResponse> {
    await options.rateLimits?.check(kind, user);
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.getToken();
      try {
        const res = await zoomRequest(`${options.apiUrl}${path}`, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          dispatcher: options.dispatcher,
          timeoutMs: options.timeoutMs,
        });
        options.onCall?.(kind, String(res.status));
        return res;
      } catch (err) {
        options.onCall?.(kind, err instanceof ZoomApiError ? String(err.status) : 'error');
        if (attempt === 0 && isInvalidTokenError(err)) {
          tokens.invalidate(token);
          continue;
        }
        if (err instanceof ZoomApiError && err.status === 429) options.rateLimits?.learn(kind, user, err);
        throw err;
      }
    }
  }

  const enc = encodeURIComponent;
  /** A meeting-shaped answer, or a ZoomApiError when it has no `host_id`. */
  async function getHosted(kind: UpstreamKind, path: string): Promise<ZoomMeeting> {
    const res = await get(kind, path);
    const meeting = res.body as Partial<ZoomMeeting> | undefined;
    if (!meeting || typeof meeting.host_id !== 'string') {
      throw new ZoomApiError(res.status, undefined, `${kind} answer has no host_id`, { trackingId: res.trackingId });
    }
    return meeting as ZoomMeeting;
  }
  return {
    getMeeting: (meetingId) => getHosted('meeting', `/meetings/${enc(meetingId)}`),
    getWebinar: (webinarId) => getHosted('webinar', `/webinars/${enc(webinarId)}`),
    async getRecordingsHost(meetingIdOrUuid) {
      const recordings = await getHosted('recordings', `/meetings/${enc(meetingIdOrUuid)}/recordings`);
      options.onRecordings?.(recordings);
      return recordings.host_id;
    },
    async getRecordings(meetingUuid) {
      // Zoom's rule: a UUID that starts with `/` or holds `//` is encoded twice, or Zoom's router splits it.
      const once = enc(meetingUuid);
      const res = await get('recordings', `/meetings/${meetingUuid.startsWith('/') || meetingUuid.includes('//') ? enc(once) : once}/recordings`);
      options.onRecordings?.(res.body);
      return res.body;
    },
    async getUser(userIdOrEmail) {
      const res = await get('user', `/users/${enc(userIdOrEmail)}`, userIdOrEmail);
      const user = res.body as Partial<ZoomUser> | undefined;
      if (!user || typeof user.id !== 'string') {
        throw new ZoomApiError(res.status, undefined, 'user answer has no id', { trackingId: res.trackingId });
      }
      return { id: user.id, email: typeof user.email === 'string' ? user.email : '' };
    },
    async mintZak(userIdOrEmail) {
      return readToken(await get('zak', `/users/${enc(userIdOrEmail)}/token?type=zak`, userIdOrEmail));
    },
    async mintObf(userIdOrEmail, meetingId) {
      return readToken(await get('obf', `/users/${enc(userIdOrEmail)}/token?type=onbehalf&meeting_id=${enc(meetingId)}`, userIdOrEmail));
    },
  };
}
