import type { StartUrlMode } from '../config/config.js';
import { jwtClaims } from '../zoom/jwt-expiry.js';
import type { LinkBuilder } from './link-builder.js';
import type { LinkHit, LinkScan } from './scan-json-links.js';
import { buildStartRedirect } from './start-redirect.js';

export interface LinkRewriterOptions {
  /** `links.startUrls`: a signed `/start` link on publicUrl, or Zoom's URL with a fresh ZAK. */
  mode: StartUrlMode;
  links: LinkBuilder;
  /** Links already under it are the proxy's own and are left alone (rewriting is idempotent). */
  publicUrl: string;
  /** `zoom.webUrl`, for a start URL Zoom wrote in a shape the proxy cannot read. */
  webUrl: string;
  /** A fresh ZAK of the user: the ZAK cache, so a host's meetings share one. */
  zakOf(user: string): Promise<string>;
  /** The host of a meeting, for a start_url whose ZAK and object do not say it. */
  hostOfMeeting(meetingId: string): Promise<string>;
  /** ZAK mints of distinct hosts running at once for one answer. */
  zakConcurrency: number;
  /**
   * A start_url left as it was (no meeting id to sign a link for), or given a signed `/start` link
   * in mode fresh-zak because no ZAK could be had. Called at most once per reason and answer.
   */
  onFallback?(reason: FallbackReason, err?: unknown): void;
}

export type FallbackReason = 'no_meeting_id' | 'no_zak';

export interface LinkRewriter {
  /** `body` with its links replaced, or undefined when none needs replacing (send Zoom's bytes). */
  rewrite(body: Buffer, scan: LinkScan): Promise<Buffer | undefined>;
}

/** `https://{host}/s/{meetingId}`: Zoom's start URL (ZOOM.md); a PMI start URL has the same shape. */
const START_PATH = /^https?:\/\/[^/?#]+\/s\/(\d{1,19})(?:[/?#]|$)/i;
const ZAK_PARAM = /[?&]zak=([^&#]*)/;
const DIGITS = /^\d{1,19}$/;

const HTTP_URL = /^https?:\/\/[^/?#\s]/i;

/** The meeting a start_url opens: from its path, else the `id` of the object holding it. */
function meetingIdOf(hit: LinkHit): string | undefined {
  const fromPath = START_PATH.exec(hit.url)?.[1];
  if (fromPath !== undefined) return fromPath;
  return hit.ownerId !== undefined && DIGITS.test(hit.ownerId) ? hit.ownerId : undefined;
}

/** The user whose ZAK a start_url embeds: the ZAK's `uid` claim. */
function zakUserOf(url: string): string | undefined {
  const raw = ZAK_PARAM.exec(url)?.[1];
  if (!raw) return undefined;
  let zak: string;
  try {
    zak = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  const uid = jwtClaims(zak)?.uid;
  return typeof uid === 'string' && uid.length > 0 ? uid : undefined;
}

/** Run `fn` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** The JSON string token of `value`, as UTF-8 bytes. */
const jsonString = (value: string): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

/**
 * Rewrites the links a scan found (CONTRACT.md, "Rewriting"): every `start_url` becomes a signed
 * `/start` link (mode `proxy`) or Zoom's URL with a fresh ZAK of the meeting's host (mode
 * `fresh-zak`), every `download_url` a signed download link; the bytes between them are copied as
 * they are. Only absolute http(s) URLs that are not already the proxy's are touched.
 */
export function createLinkRewriter(options: LinkRewriterOptions): LinkRewriter {
  const { links, mode } = options;
  const ownPrefix = `${options.publicUrl.replace(/\/+$/, '')}/`;
  const needsRewrite = (hit: LinkHit): boolean => HTTP_URL.test(hit.url) && !hit.url.startsWith(ownPrefix);

  /** Fresh-ZAK start URLs: one ZAK per host, hosts minted concurrently within the bound. */
  async function freshZakUrls(starts: readonly LinkHit[], out: Map<LinkHit, string>, fallback: (reason: FallbackReason, err?: unknown) => void): Promise<void> {
    const byHost = new Map<string, Array<{ hit: LinkHit; meetingId: string | undefined }>>();
    const unresolved: Array<{ hit: LinkHit; meetingId: string }> = [];
    for (const hit of starts) {
      const meetingId = meetingIdOf(hit);
      const host = zakUserOf(hit.url) ?? hit.ownerHostId;
      if (host !== undefined) {
        let group = byHost.get(host);
        if (!group) byHost.set(host, (group = []));
        group.push({ hit, meetingId });
      } else if (meetingId !== undefined) {
        unresolved.push({ hit, meetingId });
      } else {
        fallback('no_meeting_id');
      }
    }
    // Neither the ZAK nor the object names the host: ask Zoom who hosts the meeting (cached).
    await forEachLimited(unresolved, options.zakConcurrency, async ({ hit, meetingId }) => {
      try {
        const host = await options.hostOfMeeting(meetingId);
        let group = byHost.get(host);
        if (!group) byHost.set(host, (group = []));
        group.push({ hit, meetingId });
      } catch (err) {
        fallback('no_zak', err);
        out.set(hit, links.startLink(meetingId));
      }
    });
    await forEachLimited([...byHost], options.zakConcurrency, async ([host, group]) => {
      let zak: string | undefined;
      try {
        zak = await options.zakOf(host);
      } catch (err) {
        fallback('no_zak', err);
      }
      for (const { hit, meetingId } of group) {
        if (zak !== undefined) out.set(hit, buildStartRedirect(hit.url, meetingId ?? '', options.webUrl, zak));
        // Still fresh: a signed link mints the ZAK when it is followed.
        else if (meetingId !== undefined) out.set(hit, links.startLink(meetingId));
      }
    });
  }

  return {
    async rewrite(body, scan) {
      const reported = new Set<FallbackReason>();
      const fallback = (reason: FallbackReason, err?: unknown): void => {
        if (reported.has(reason)) return;
        reported.add(reason);
        options.onFallback?.(reason, err);
      };
      const replacements = new Map<LinkHit, string>();
      const freshStarts: LinkHit[] = [];
      for (const hit of scan.hits) {
        if (!needsRewrite(hit)) continue;
        if (hit.kind === 'download') {
          replacements.set(hit, links.downloadLink(hit.url));
        } else if (mode === 'fresh-zak') {
          freshStarts.push(hit);
        } else {
          const meetingId = meetingIdOf(hit);
          if (meetingId !== undefined) replacements.set(hit, links.startLink(meetingId));
          else fallback('no_meeting_id');
        }
      }
      if (freshStarts.length > 0) await freshZakUrls(freshStarts, replacements, fallback);
      if (replacements.size === 0) return undefined;

      const parts: Buffer[] = [];
      let from = 0;
      for (const hit of scan.hits) {
        const url = replacements.get(hit);
        if (url === undefined) continue;
        parts.push(body.subarray(from, hit.start), jsonString(url));
        from = hit.end;
      }
      parts.push(body.subarray(from));
      return Buffer.concat(parts);
    },
  };
}
