import type { Clock } from '../clock.js';
import { DEFAULTS, type StartUrlMode } from '../config/config.js';
import type { LinkBuilder } from './link-builder.js';
import { createLinkMemory, jsonToken, type LinkMemory } from './link-memory.js';
import { REWRITE_MAX_DEPTH, locateJsonLinks, type AnswerBounds, type LinkSpot, type OverBound } from './locate-json-links.js';
import { extractJsonFields, type JsonFields, type LinkHit } from './extract-json-fields.js';
import { buildStartRedirect } from './start-redirect.js';

export interface LinkRewriterOptions {
  /** `links.startUrls`: a signed `/start` link on publicUrl, or Zoom's URL with a fresh ZAK. */
  mode: StartUrlMode;
  /** Signs links: the link memory the rewriter takes its links from is built from it, unless one is passed in. */
  links: LinkBuilder;
  /** Links already under it are the proxy's own and are left alone (rewriting is idempotent). */
  publicUrl: string;
  /** `zoom.webUrl`, for a start URL Zoom wrote in a shape the proxy cannot read. */
  webUrl: string;
  /**
   * `zoom.startHosts` (host-matcher.ts): in mode `fresh-zak`, a start_url on another host is left as
   * Zoom wrote it and never given a ZAK.
   */
  startHosts: (url: URL) => boolean;
  /** A fresh ZAK of the user: the ZAK cache, so a host's meetings share one. */
  zakOf(user: string): Promise<string>;
  /** The host of a meeting, for a start_url whose ZAK and object do not say it. */
  hostOfMeeting(meetingId: string): Promise<string>;
  /** ZAK mints of distinct hosts running at once for one answer. */
  zakConcurrency: number;
  /**
   * Past these an answer is left untouched: its links (`passthrough.rewriteMaxLinks`), its nesting
   * (REWRITE_MAX_DEPTH) and the rewritten answer's size (`passthrough.rewriteMaxBytes`). Each
   * defaults to the configuration's default.
   */
  limits?: Partial<RewriteLimits>;
  /**
   * Hand out the same signed link again for the same meeting or file within a window (link-memory.ts):
   * the windows of the link memory built from `links`, or of the one passed to the rewriter (then
   * the same as its own). Absent: every link is signed.
   */
  reuse?: { clock: Clock; startMs: number; downloadMs: number };
  /** The WebAssembly engine failed to load or trapped: from then on every answer is rewritten in JavaScript. */
  onEngineUnavailable?: (err: unknown) => void;
  /**
   * A start_url left as it was (no meeting id to sign a link for; in mode fresh-zak, a host outside
   * `startHosts`), or given a signed `/start` link in mode fresh-zak because no ZAK could be had.
   * Called at most once per reason and answer.
   */
  onFallback?(reason: FallbackReason, err?: unknown): void;
}

export interface RewriteLimits extends AnswerBounds {
  /** The largest rewritten answer: a larger one is not made, the answer goes untouched. */
  maxOutputBytes: number;
}

/** What an answer left untouched went past: a bound of locate-json-links.ts, or the output's size. */
export type OverLimit = OverBound | 'output';

export interface RewriteOptions {
  inPlace?: boolean;
  /** Instead of the rewriter's own onFallback, for this answer: to name the request in the warning. */
  onFallback?(reason: FallbackReason, err?: unknown): void;
  /**
   * The field extractor's result for this body, made with the rewriter's `limits`, when the caller
   * has it (a scope check, the recording owners): its links are the rewrite's, the body is not scanned again.
   */
  fields?: JsonFields;
  /** The caller (the engine's glue) has refreshed the link memory for this answer already. */
  memoryRefreshed?: boolean;
  /** Told why the answer is left untouched when it goes past a limit (the answer is then undefined). */
  onOverLimit?(limit: OverLimit): void;
}

export type FallbackReason = 'no_meeting_id' | 'no_zak' | 'start_host_refused';

export interface LinkRewriter {
  /**
   * `body` (UTF-8 JSON) with its links replaced, or undefined when none needs replacing (send Zoom's
   * bytes). With `inPlace` the result may be written over `body` itself (one 300-meeting list less
   * to allocate): pass it only for a buffer nobody reads afterwards. Synchronous when it can be (the
   * WebAssembly engine, mode proxy): one promise and one tick less on every rewritten answer.
   */
  rewrite(body: Buffer, options?: RewriteOptions): Buffer | undefined | Promise<Buffer | undefined>;
  /** Its limits, defaults filled in: a caller's own pass over the answer (the field extractor) stops at the same bounds. */
  readonly limits: RewriteLimits;
}

/** The limits with every default filled in. */
export function rewriteLimits(limits: Partial<RewriteLimits> = {}): RewriteLimits {
  return {
    maxLinks: limits.maxLinks ?? DEFAULTS.passthrough.rewriteMaxLinks,
    maxDepth: limits.maxDepth ?? REWRITE_MAX_DEPTH,
    maxOutputBytes: limits.maxOutputBytes ?? DEFAULTS.passthrough.rewriteMaxBytes,
  };
}

/** `https://{host}/s/{meetingId}`: Zoom's start URL (docs/zoom.md); a PMI start URL has the same shape. */
const START_PATH = /^https?:\/\/[^/?#]+\/s\/(\d{1,19})(?:[/?#]|$)/i;
const HTTP_URL = /^https?:\/\/[^/?#\s]/i;
const DIGITS = /^\d{1,19}$/;

const QUOTE = 0x22;
const SLASH = 0x2f;

/** The host of a start URL outside `allowed`, or undefined (on the list, or not a URL the proxy can read). */
function refusedHost(url: string, allowed: (url: URL) => boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return allowed(parsed) ? undefined : parsed.hostname;
}

/** The hits the rewrite counts as links (locateJsonLinks's spots): a key written with escapes is not one. */
function linkSpotsOf(hits: readonly LinkHit[]): readonly LinkHit[] {
  for (const hit of hits) if (hit.keyEscaped) return hits.filter((h) => !h.keyEscaped);
  return hits;
}

/** Run `fn` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** The value of a spot's string token; undefined when its escapes are not JSON's (bytes that are not JSON). */
function textOf(b: Buffer, spot: LinkSpot): string | undefined {
  if (!spot.escaped) return b.toString('utf8', spot.start + 1, spot.end - 1);
  try {
    return JSON.parse(b.toString('utf8', spot.start, spot.end)) as string;
  } catch {
    return undefined;
  }
}

function lowerByte(c: number | undefined): number {
  return c !== undefined && c >= 0x41 && c <= 0x5a ? c + 0x20 : (c ?? -1);
}

/** Whether the unescaped string token at `spot` starts with `prefix` (lowercase ASCII, compared case-insensitively). */
function startsWithLower(b: Buffer, spot: LinkSpot, prefix: string): boolean {
  if (spot.end - spot.start - 2 < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (lowerByte(b[spot.start + 1 + k]) !== prefix.charCodeAt(k)) return false;
  return true;
}

/** Where the host starts in an unescaped `http(s)://` token, or -1 when it is not one with a host. */
function hostStart(b: Buffer, spot: LinkSpot): number {
  let i: number;
  if (startsWithLower(b, spot, 'https://')) i = spot.start + 9;
  else if (startsWithLower(b, spot, 'http://')) i = spot.start + 8;
  else return -1;
  const c = b[i];
  return c === undefined || c === SLASH || c === 0x3f || c === 0x23 || c === QUOTE || c <= 0x20 ? -1 : i;
}

/**
 * The meeting id of an unescaped `http(s)://host/s/{digits}` token read off its bytes, from the
 * host on: a number when it is a safe integer (a cheap map key), else its digits; undefined when the
 * URL has another shape.
 */
function meetingIdFromBytes(b: Buffer, spot: LinkSpot, host: number): number | string | undefined {
  const last = spot.end - 1; // the closing quote
  let i = host;
  while (i < last && b[i] !== SLASH && b[i] !== 0x3f && b[i] !== 0x23) i++;
  if (b[i] !== SLASH || b[i + 1] !== 0x73 || b[i + 2] !== SLASH) return undefined;
  const from = i + 3;
  let j = from;
  let n = 0;
  for (let c = b[j]; j < last && c !== undefined && c >= 0x30 && c <= 0x39; c = b[++j]) n = n * 10 + (c - 0x30);
  const end = b[j];
  if (j === from || j - from > 19 || (j < last && end !== SLASH && end !== 0x3f && end !== 0x23)) return undefined;
  // A leading zero would be lost in the number: keep such an id (none is known) as its digits.
  return j - from <= 15 && b[from] !== 0x30 ? n : b.toString('latin1', from, j);
}

/**
 * The JavaScript link rewriter (link-rewriter.ts chooses it or the engine): rewrites the links of a
 * JSON answer (docs/passthrough.md, "Rewriting"): every `start_url` becomes a signed
 * `/start` link (mode `proxy`) or Zoom's URL with a fresh ZAK of the meeting's host (mode
 * `fresh-zak`), every `download_url` a signed download link; the bytes between them are copied as
 * they are. Only absolute http(s) URLs that are not already the proxy's are touched. Links are taken
 * from the caller's field extraction when it has one, else found with the field extractor in mode
 * `fresh-zak` (every start_url needs its object's host) and with locateJsonLinks in mode `proxy`;
 * there the full scan runs only for a start_url that does not say its meeting.
 */
export function createJsLinkRewriter(options: LinkRewriterOptions, memory: LinkMemory = createLinkMemory(options.links, options.reuse)): LinkRewriter {
  const { mode } = options;
  const limits = rewriteLimits(options.limits);
  const ownPrefix = `${options.publicUrl.replace(/\/+$/, '')}/`;

  const ownBytes = Buffer.from(ownPrefix, 'utf8');
  const startLink = (meetingId: number | string): Buffer => memory.startToken(meetingId);
  /** The signed link for the download_url at `spot` (`url`: its decoded text, when it had escapes). */
  const downloadLink = (b: Buffer, spot: LinkSpot, url: string | undefined): Buffer => memory.downloadToken(b, spot.start + 1, spot.end - 1, url);

  /** Whether the unescaped token starts with publicUrl: one of the proxy's own links. */
  function isOwn(b: Buffer, spot: LinkSpot): boolean {
    if (spot.end - spot.start - 2 < ownBytes.length) return false;
    for (let k = 0; k < ownBytes.length; k++) if (b[spot.start + 1 + k] !== ownBytes[k]) return false;
    return true;
  }

  /**
   * Where the host of a link to rewrite starts (an absolute http(s) URL, not the proxy's own), or -1
   * to leave it. An escaped token is decoded first: `url` then holds it, and 0 means "rewrite".
   */
  function zoomUrlAt(b: Buffer, spot: LinkSpot, decoded: { url?: string }): number {
    if (spot.escaped) {
      const url = textOf(b, spot);
      if (url === undefined || !HTTP_URL.test(url) || url.startsWith(ownPrefix)) return -1;
      decoded.url = url;
      return 0;
    }
    const host = hostStart(b, spot);
    return host < 0 || isOwn(b, spot) ? -1 : host;
  }

  return {
    limits,
    async rewrite(body, rewriteOptions) {
      // The links and the bounds in one pass: nothing is signed for an answer past them.
      let fields = rewriteOptions?.fields ?? (mode === 'fresh-zak' ? extractJsonFields(body, limits) : undefined);
      const spotsAreHits = fields?.valid === true;
      let spots: readonly LinkSpot[];
      let over = fields?.over;
      if (fields?.valid === true) {
        spots = linkSpotsOf(fields.hits);
      } else {
        // Bytes that are not one JSON document: their links as the byte scan finds them, as for any answer.
        const found: LinkSpot[] = [];
        over ??= locateJsonLinks(body, limits, found);
        spots = found;
      }
      if (over !== undefined) {
        rewriteOptions?.onOverLimit?.(over);
        return undefined;
      }
      if (spots.length === 0) return undefined;
      if (rewriteOptions?.memoryRefreshed !== true) memory.refresh();

      const reported = new Set<FallbackReason>();
      const fallback = (reason: FallbackReason, err?: unknown): void => {
        if (reported.has(reason)) return;
        reported.add(reason);
        (rewriteOptions?.onFallback ?? options.onFallback)?.(reason, err);
      };
      // The full scan, only for a start_url that needs its object's `id` or `host_id`.
      let owners: Map<number, LinkHit> | undefined;
      const ownerOf = (spot: LinkSpot): LinkHit | undefined => {
        if (spotsAreHits) return spot as LinkHit;
        fields ??= extractJsonFields(body);
        owners ??= new Map(fields.hits.map((h) => [h.start, h]));
        return owners.get(spot.start);
      };
      const meetingIdOf = (spot: LinkSpot, host: number, url: string | undefined): number | string | undefined => {
        const id = url !== undefined ? START_PATH.exec(url)?.[1] : meetingIdFromBytes(body, spot, host);
        if (id !== undefined) return id;
        const ownerId = ownerOf(spot)?.ownerId;
        return ownerId !== undefined && DIGITS.test(ownerId) ? ownerId : undefined;
      };

      const out: Array<Buffer | undefined> = new Array<Buffer | undefined>(spots.length);
      const freshStarts: Array<{ k: number; url: string; meetingId: number | string | undefined }> = [];
      const decoded: { url?: string } = {};
      for (let k = 0; k < spots.length; k++) {
        const spot = spots[k] as LinkSpot;
        decoded.url = undefined;
        const host = zoomUrlAt(body, spot, decoded);
        if (host < 0) continue;
        if (spot.kind === 'download') {
          out[k] = downloadLink(body, spot, decoded.url);
          continue;
        }
        const meetingId = meetingIdOf(spot, host, decoded.url);
        if (mode === 'fresh-zak') {
          const url = decoded.url ?? body.toString('utf8', spot.start + 1, spot.end - 1);
          const refused = refusedHost(url, options.startHosts);
          // Left as Zoom wrote it: a fresh ZAK goes to Zoom's web hosts only. The host is logged, never the URL (it holds a ZAK).
          if (refused !== undefined) fallback('start_host_refused', new Error(`a start_url names ${refused}, which is not in zoom.startHosts: left as it was`));
          else freshStarts.push({ k, url, meetingId });
        } else if (meetingId !== undefined) {
          out[k] = startLink(meetingId);
        } else {
          fallback('no_meeting_id');
        }
      }
      if (freshStarts.length > 0) await freshZakUrls(spots, freshStarts, out, ownerOf, fallback);
      return splice(body, spots, out, rewriteOptions);
    },
  };

  /** Fresh-ZAK start URLs: one ZAK per host, hosts minted concurrently within the bound. */
  async function freshZakUrls(
    spots: readonly LinkSpot[],
    starts: ReadonlyArray<{ k: number; url: string; meetingId: number | string | undefined }>,
    out: Array<Buffer | undefined>,
    ownerOf: (spot: LinkSpot) => LinkHit | undefined,
    fallback: (reason: FallbackReason, err?: unknown) => void,
  ): Promise<void> {
    type Start = (typeof starts)[number];
    const byHost = new Map<string, Start[]>();
    const unresolved: Array<Start & { meetingId: number | string }> = [];
    const add = (host: string, start: Start): void => {
      let group = byHost.get(host);
      if (!group) byHost.set(host, (group = []));
      group.push(start);
    };
    for (const start of starts) {
      // The object's own host_id, never the `uid` claim of the ZAK in the URL: that claim is not
      // verified (a ZAK's signature cannot be checked), and whose ZAK is minted is a matter of trust.
      const host = ownerOf(spots[start.k] as LinkSpot)?.ownerHostId;
      if (host !== undefined) add(host, start);
      else if (start.meetingId !== undefined) unresolved.push({ ...start, meetingId: start.meetingId });
      else fallback('no_meeting_id');
    }
    // The object does not name the host: ask Zoom who hosts the meeting (cached).
    await forEachLimited(unresolved, options.zakConcurrency, async (start) => {
      try {
        add(await options.hostOfMeeting(String(start.meetingId)), start);
      } catch (err) {
        fallback('no_zak', err);
        out[start.k] = startLink(start.meetingId);
      }
    });
    await forEachLimited([...byHost], options.zakConcurrency, async ([host, group]) => {
      let zak: string | undefined;
      try {
        zak = await options.zakOf(host);
      } catch (err) {
        fallback('no_zak', err);
      }
      for (const { k, url, meetingId } of group) {
        if (zak !== undefined) out[k] = jsonToken(buildStartRedirect(url, meetingId ?? '', { webUrl: options.webUrl, zak, startHosts: options.startHosts }));
        // Still fresh: a signed link mints the ZAK when it is followed.
        else if (meetingId !== undefined) out[k] = startLink(meetingId);
      }
    });
  }

  /**
   * The bytes between the links copied, each new link's token put where the old one was: into a new
   * buffer, or over `body` itself when allowed and every new token fits where the bytes it follows
   * were (start links are much shorter than Zoom's ZAK-bearing URLs), which saves an allocation.
   */
  function splice(body: Buffer, spots: readonly LinkSpot[], out: ReadonlyArray<Buffer | undefined>, rewriteOptions: RewriteOptions | undefined): Buffer | undefined {
    let length = body.length;
    let changed = false;
    let fits = rewriteOptions?.inPlace === true;
    let written = 0; // where an in-place copy would be writing
    for (let k = 0; k < spots.length; k++) {
      const token = out[k];
      if (token === undefined) continue;
      const spot = spots[k] as LinkSpot;
      changed = true;
      length += token.length - (spot.end - spot.start);
      written = length - (body.length - spot.end); // the write position once this token is in
      if (written > spot.end) fits = false; // it would overwrite bytes not yet copied
    }
    if (!changed) return undefined;
    if (length > limits.maxOutputBytes) {
      rewriteOptions?.onOverLimit?.('output');
      return undefined;
    }
    const result = fits ? body : Buffer.allocUnsafe(length);
    let from = 0;
    let at = 0;
    for (let k = 0; k < spots.length; k++) {
      const token = out[k];
      if (token === undefined) continue;
      const spot = spots[k] as LinkSpot;
      if (fits) body.copyWithin(at, from, spot.start);
      else body.copy(result, at, from, spot.start);
      at += spot.start - from;
      at += token.copy(result, at);
      from = spot.end;
    }
    if (fits) {
      body.copyWithin(at, from);
      return body.subarray(0, length);
    }
    body.copy(result, at, from);
    return result;
  }
}
