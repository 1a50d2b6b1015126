import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { LinkBuilder } from './link-builder.js';

/**
 * A LinkBuilder that hands out the same signed link again for the same meeting or file within
 * `reuseSeconds`: a list of 300 meetings fetched again and again then costs 300 map look-ups instead
 * of 300 HMACs. A reused link has at most `reuseSeconds` less to live than a new one would.
 * `reuseSeconds` 0 turns reuse off.
 */
export function createReusingLinkBuilder(links: LinkBuilder, clock: Clock, reuse: { startSeconds: number; downloadSeconds: number }): LinkBuilder {
  const cache = (seconds: number): LRUCache<string, string> | undefined =>
    seconds > 0 ? new LRUCache<string, string>({ max: 10_000, ttl: seconds * 1000, perf: { now: clock }, ttlResolution: 0, ttlAutopurge: false }) : undefined;
  const starts = cache(reuse.startSeconds);
  const downloads = cache(reuse.downloadSeconds);
  const memo = (store: LRUCache<string, string> | undefined, key: string, make: (key: string) => string): string => {
    if (!store) return make(key);
    let link = store.get(key);
    if (link === undefined) {
      link = make(key);
      store.set(key, link);
    }
    return link;
  };
  return {
    startLink: (meetingId) => memo(starts, meetingId, links.startLink),
    downloadLink: (zoomUrl) => memo(downloads, zoomUrl, links.downloadLink),
  };
}

/** A tenth of the link's lifetime, at most a minute: long enough to matter, short enough not to. */
export function reuseSecondsFor(ttlSeconds: number): number {
  return Math.min(60, Math.floor(ttlSeconds / 10));
}
