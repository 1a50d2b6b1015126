import type { Clock } from '../clock.js';
import type { LinkBuilder } from './link-builder.js';

/** Digits a number keeps exactly and writes back the same: up to 15, no leading zero. */
const SHORT_ID = /^[1-9]\d{0,14}$/;

/** A window starts over early once it remembers this many links of one kind. */
const MAX_REMEMBERED = 20_000;

/** Characters a JSON string must escape, and non-ASCII (written as UTF-8, so not byte-for-byte latin1). */
const NEEDS_ENCODING = /["\\\u0000-\u001f\u007f-\uffff]/;

/** The JSON string token of `value`: `"` + value + `"`, escaped only where JSON needs it, as UTF-8. */
export function jsonToken(value: string): Buffer {
  return NEEDS_ENCODING.test(value) ? Buffer.from(JSON.stringify(value), 'utf8') : Buffer.from(`"${value}"`, 'latin1');
}

/**
 * The signed links the proxy hands out, remembered per window (docs/design.md, "Why signed links are
 * reused for a window"): the one cache of them, built once per configuration (services.ts). Both
 * rewriters (JavaScript and the WebAssembly engine) take their JSON string tokens from it, and the
 * routes that hand out a link (a `/start` JSON answer, the demo page) take it as a LinkBuilder, so a
 * meeting or file gets the same link within a window whoever hands it out.
 */
export interface LinkMemory extends LinkBuilder {
  /** Whether refresh() would start a window over now (over, or full). */
  due(): boolean;
  /** Once per answer with links, before its look-ups: start each window that is over or full over. */
  refresh(): void;
  /** Counts the start windows begun (so a copy of them, as the engine keeps, knows when it is stale). */
  readonly startEpoch: number;
  readonly downloadEpoch: number;
  /** The token of the start link of `meetingId` (its digits; up to 15 without a leading zero may come as a number). */
  startToken(meetingId: number | string): Buffer;
  /** The token of the download link of Zoom's URL in `b` [from, to) (`url`: its decoded text, when it had escapes). */
  downloadToken(b: Buffer, from: number, to: number, url: string | undefined): Buffer;
}

/**
 * A cheap map key for the bytes [from, to): their length and about 64 of their bytes spread over
 * them from the last one back (all of them up to 127), hashed (FNV-1a) to a small integer. Spread,
 * so that URLs that share a long ending (a common query) still get keys of their own; equal keys are
 * confirmed by comparing the bytes, so a collision only costs a signature.
 */
function rawKey(b: Buffer, from: number, to: number): number {
  const step = to - from < 128 ? 1 : Math.floor((to - from) / 64);
  let h = Math.imul(0x811c9dc5 ^ (to - from), 0x01000193);
  for (let i = to - 1; i >= from; i -= step) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  return h & 0x3fffffff;
}

interface RawEntry {
  raw: Buffer;
  token: Buffer;
  next: RawEntry | undefined;
}

/** A map that forgets everything once `windowMs` has passed since it began, or when it is full. */
function windowedMap<K, V>(clock: Clock, windowMs: number) {
  let map = new Map<K, V>();
  let opened = clock();
  let count = 0; // values set in this window (a download key may hold several)
  const w = {
    epoch: 0,
    due: (now = clock()): boolean => now - opened >= windowMs || count >= MAX_REMEMBERED,
    refresh(): void {
      const now = clock();
      if (!w.due(now)) return;
      map = new Map();
      count = 0;
      opened = now;
      w.epoch++;
    },
    get: (key: K): V | undefined => map.get(key),
    set: (key: K, value: V): void => {
      count++;
      map.set(key, value);
    },
  };
  return w;
}

/** A tenth of the link's lifetime, at most a minute: long enough to matter, short enough not to. */
export function reuseSecondsFor(ttlSeconds: number): number {
  return Math.min(60, Math.floor(ttlSeconds / 10));
}

/** The text of a JSON string token jsonToken made. */
function textOfToken(token: Buffer): string {
  return token.includes(0x5c) ? (JSON.parse(token.toString('utf8')) as string) : token.toString('utf8', 1, token.length - 1);
}

/** `reuse` absent, or a window of 0: every link is signed anew. */
export function createLinkMemory(links: LinkBuilder, reuse?: { clock: Clock; startMs: number; downloadMs: number }): LinkMemory {
  const starts = reuse && reuse.startMs > 0 ? windowedMap<number | string, Buffer>(reuse.clock, reuse.startMs) : undefined;
  // Keyed by the raw bytes of Zoom's link (see rawKey), so a hit makes no string of it.
  const downloads = reuse && reuse.downloadMs > 0 ? windowedMap<number, RawEntry>(reuse.clock, reuse.downloadMs) : undefined;
  const memory: LinkMemory = {
    due: () => (starts?.due() ?? false) || (downloads?.due() ?? false),
    refresh() {
      starts?.refresh();
      downloads?.refresh();
    },
    get startEpoch() {
      return starts?.epoch ?? 0;
    },
    get downloadEpoch() {
      return downloads?.epoch ?? 0;
    },
    startToken(meetingId) {
      // One key per meeting, whether its id came as a number (read off the bytes) or as digits (an escaped URL, the object's id).
      const key = typeof meetingId === 'string' && SHORT_ID.test(meetingId) ? Number(meetingId) : meetingId;
      let token = starts?.get(key);
      if (token === undefined) {
        token = jsonToken(links.startLink(String(meetingId)));
        starts?.set(key, token);
      }
      return token;
    },
    downloadToken(b, from, to, url) {
      const key = downloads ? rawKey(b, from, to) : 0;
      const first = downloads?.get(key);
      // Keys collide (rawKey reads only some bytes of a long URL): every URL of a key is kept, as the engine keeps them.
      for (let known = first; known !== undefined; known = known.next) {
        if (known.raw.length === to - from && b.compare(known.raw, 0, known.raw.length, from, to) === 0) return known.token;
      }
      const token = jsonToken(links.downloadLink(url ?? b.toString('utf8', from, to)));
      // A copy: the body may be written over once its links are replaced.
      downloads?.set(key, { raw: Buffer.from(b.subarray(from, to)), token, next: first });
      return token;
    },
    // One link at a time: the window is looked at on each.
    startLink(meetingId) {
      memory.refresh();
      return textOfToken(memory.startToken(meetingId));
    },
    downloadLink(zoomUrl) {
      memory.refresh();
      // Keyed by the URL as a JSON value would spell it, the key a rewritten answer's bytes give.
      const raw = jsonToken(zoomUrl);
      return textOfToken(memory.downloadToken(raw, 1, raw.length - 1, zoomUrl));
    },
  };
  return memory;
}
