import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { ZoomMeeting } from './zoom-client.js';

export interface MeetingCacheOptions {
  lookUp: (meetingId: string) => Promise<ZoomMeeting>;
  clock: Clock;
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
 * Zoom's per-account rate limit. Failures are not cached.
 */
export function createMeetingCache(options: MeetingCacheOptions): MeetingCache {
  const cache = new LRUCache<string, ZoomMeeting>({
    max: options.maxMeetings ?? 10_000,
    ttl: Math.max(1, options.ttlSeconds * 1000),
    perf: { now: options.clock },
    ttlResolution: 0,
    fetchMethod: (meetingId) => options.lookUp(meetingId),
  });
  return {
    async get(meetingId) {
      const status: LRUCache.Status<string, ZoomMeeting> = {};
      const meeting = await cache.fetch(meetingId, { status });
      options.onLookup?.(status.fetch === 'hit' ? 'hit' : status.fetch === 'inflight' ? 'shared' : 'miss');
      if (!meeting) throw new Error('meeting look-up returned nothing');
      return meeting;
    },
  };
}
