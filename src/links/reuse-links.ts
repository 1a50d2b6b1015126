import type { Clock } from '../clock.js';
import type { LinkBuilder } from './link-builder.js';

/** Links remembered per window; beyond this many the window starts over early. */
const MAX_REMEMBERED = 20_000;

/**
 * A LinkBuilder that hands out the same signed link again for the same meeting or file within a
 * window of `reuseSeconds`: a list of 300 meetings fetched again and again then costs 300 map
 * look-ups instead of 300 HMACs. A link is remembered from the start of the window it was signed in
 * until that window ends, so a reused link has at most `reuseSeconds` less to live than a new one.
 * `reuseSeconds` 0 turns reuse off.
 */
export function createReusingLinkBuilder(links: LinkBuilder, clock: Clock, reuse: { startSeconds: number; downloadSeconds: number }): LinkBuilder {
  const remember = (seconds: number, make: (key: string) => string): ((key: string) => string) => {
    if (seconds <= 0) return make;
    const windowMs = seconds * 1000;
    let window = new Map<string, string>();
    let opened = clock();
    return (key) => {
      const now = clock();
      if (now - opened >= windowMs || window.size >= MAX_REMEMBERED) {
        window = new Map();
        opened = now;
      }
      let link = window.get(key);
      if (link === undefined) {
        link = make(key);
        window.set(key, link);
      }
      return link;
    };
  };
  return {
    startLink: remember(reuse.startSeconds, (id) => links.startLink(id)),
    downloadLink: remember(reuse.downloadSeconds, (url) => links.downloadLink(url)),
  };
}

/** A tenth of the link's lifetime, at most a minute: long enough to matter, short enough not to. */
export function reuseSecondsFor(ttlSeconds: number): number {
  return Math.min(60, Math.floor(ttlSeconds / 10));
}
