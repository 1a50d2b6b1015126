import type { Store } from '../store/store.js';
import type { ZoomMeeting } from './zoom-client.js';

export interface MeetingCacheOptions {
  lookUp: (meetingId: string) => Promise<ZoomMeeting>;
  /** Where look-ups are kept: every replica on one store shares them (store/store.ts). */
  store: Store;
  /** The store's name of this account's Zoom side (zoomSideKey). */
  account: string;
  /** How long a look-up is reused. Short: a start link must follow a meeting's host changing. */
  ttlSeconds: number;
  maxMeetings?: number;
  onLookup?: (result: 'hit' | 'miss' | 'shared') => void;
}

export interface MeetingCache {
  get(meetingId: string): Promise<ZoomMeeting>;
}

/** Default reuse of a meeting look-up: a burst of clicks on one link costs one call to Zoom. */
export const MEETING_CACHE_SECONDS = 30;

/**
 * Meeting look-ups (host, start URL) for start links, single-flight per meeting and reused briefly:
 * a thousand people clicking one link at 9:00 cost one `GET /meetings/{id}`, not a thousand against
 * Zoom's per-account rate limit (and one across replicas on Redis). Failures are not cached.
 */
export function createMeetingCache(options: MeetingCacheOptions): MeetingCache {
  const cache = options.store.cache<ZoomMeeting>({ account: options.account, kind: 'meeting', secret: false, maxEntries: options.maxMeetings ?? 10_000 });
  const ttlMs = options.ttlSeconds * 1000;
  return {
    async get(meetingId) {
      const near = cache.peek(meetingId);
      if (near !== undefined) {
        options.onLookup?.('hit');
        return near;
      }
      let looked = false;
      const meeting = await cache.get(meetingId, async () => {
        looked = true;
        return { value: keptOf(await options.lookUp(meetingId)), ttlMs };
      });
      options.onLookup?.(looked ? 'miss' : 'shared');
      return meeting;
    },
  };
}

/**
 * What a start link reads of a meeting, and nothing else: Zoom's answer carries passcodes, and its
 * start URL a ZAK of the host, which the store does not keep (the redirect sets a fresh one in its place).
 */
function keptOf(meeting: ZoomMeeting): ZoomMeeting {
  const kept: ZoomMeeting = { id: meeting.id, host_id: meeting.host_id };
  if (meeting.host_email !== undefined) kept.host_email = meeting.host_email;
  const startUrl = withoutZak(meeting.start_url);
  if (startUrl !== undefined) kept.start_url = startUrl;
  return kept;
}

/**
 * The start URL with its `zak` emptied in place (buildStartRedirect sets it again, where it was);
 * none for one that is not a URL, which buildStartRedirect would not use either.
 */
function withoutZak(startUrl: string | undefined): string | undefined {
  if (typeof startUrl !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(startUrl);
  } catch {
    return undefined;
  }
  if (!url.searchParams.has('zak')) return startUrl;
  url.searchParams.set('zak', '');
  return url.toString();
}
