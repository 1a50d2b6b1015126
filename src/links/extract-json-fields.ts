/**
 * A single pass over the raw bytes of a JSON document that extracts the fields the scope checks read
 * (the top-level `host_id` of an answer, every top-level `schedule_for` of a request body), every
 * string value of a `start_url` or `download_url` key, at any depth, with its exact byte range and
 * the `id` and `host_id` of the object holding it, and the recording files of a recordings answer
 * with their host (what the drop-in download's owner check learns), and validates the document on the
 * way (RFC 8259 grammar). One pass serves every reader of a `/v2` answer that needs more than its
 * links: the scope check, the link rewrite (which then takes its links from here) and the owners. It never builds the document: the caller splices new
 * strings into those ranges and every other byte stays as Zoom sent it (docs/design.md, "Why links
 * are found by searching bytes"). UTF-8 needs no decoding to be scanned: every byte of a multi-byte sequence is >= 0x80, so
 * none can be mistaken for a quote, a backslash or a bracket.
 */

import { bomLength } from '../http/utf8-bom.js';
import type { AnswerBounds, LinkSpot, OverBound } from './locate-json-links.js';

export type LinkKind = 'start' | 'download';

/** A link value: where it is (`start` at its opening quote, `end` just past its closing one), and more. */
export interface LinkHit extends LinkSpot {
  /**
   * Its key was written with escapes (`"start\u005furl"`): JSON's reader sees the key, the rewrite does
   * not count it as a link (locate-json-links.ts; Zoom does not write keys that way).
   */
  keyEscaped: boolean;
  /** The URL, JSON escapes decoded. */
  url: string;
  /** The `id` of the object that holds the link, as written (a meeting id is a number in Zoom's JSON). */
  ownerId: string | undefined;
  /** The `host_id` of the object that holds the link. */
  ownerHostId: string | undefined;
}

export interface JsonFields {
  /** False when the bytes are not one JSON document: then `hits` is empty and nothing may be rewritten. */
  valid: boolean;
  hits: LinkHit[];
  /** The top-level object's `host_id` (a single meeting, webinar or recording list), for scope checks. */
  hostId: string | undefined;
  /**
   * Every top-level `schedule_for` of a request body, duplicates included, for scope checks: a
   * string's value, undefined for a value that is neither a string nor null (null is left out).
   */
  scheduleFor: Array<string | undefined>;
  /**
   * The files of a recordings answer (the top-level object, and each of its top-level `meetings[]`)
   * whose recording has a `host_id`: each `download_url` of its `recording_files[]` and
   * `participant_audio_files[]`, with that host (docs/downloads.md, "Client scope").
   */
  recordingFiles: RecordingFile[];
  /**
   * The bound of the rewrite the document goes past, when bounds were given (as locateJsonLinks
   * would say on JSON): the pass stops there, and `valid` is false.
   */
  over?: OverBound;
}

export interface RecordingFile {
  /** The file's `download_url`, decoded. */
  url: string;
  /** The recording's `host_id` (its last string value), never empty. */
  hostId: string;
  /** The recording's `host_email`, where Zoom gives a non-empty one. */
  hostEmail: string | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Which key the string before a `:` was; only these matter. */
const enum Key {
  Other,
  StartUrl,
  DownloadUrl,
  Id,
  HostId,
  ScheduleFor,
  HostEmail,
  Meetings,
  RecordingFiles,
  ParticipantAudioFiles,
}

/** Where a container stands in a recordings answer's shape (docs/zoom.md, "Cloud recordings"). */
const enum Role {
  Other,
  /** The top-level object, or an object of its `meetings[]`: one recording, owned by its `host_id`. */
  Recording,
  /** The top-level `meetings[]`. */
  MeetingList,
  /** A recording's `recording_files[]` or `participant_audio_files[]`. */
  FileList,
  /** An object of a FileList: its `download_url` is one of the recording's files. */
  File,
}

/** What the grammar allows next. */
const enum Expect {
  /** A value: at the start, after `:`, after `[` or after `,` in an array. */
  Value,
  /** A value or `]`: just after `[`. */
  ValueOrClose,
  /** A key: after `,` in an object. */
  Key,
  /** A key or `}`: just after `{`. */
  KeyOrClose,
  /** `:` after a key. */
  Colon,
  /** `,` or the closing bracket of the container, or the end of the document at depth 0. */
  Next,
}

const INVALID: JsonFields = Object.freeze({
  valid: false,
  hits: Object.freeze([]) as unknown as LinkHit[],
  hostId: undefined,
  scheduleFor: Object.freeze([]) as unknown as string[],
  recordingFiles: Object.freeze([]) as unknown as RecordingFile[],
});

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));
}

/** Where the string scanner stands: shared across the strings of one document. */
interface StringState {
  /** Whether the last string scanned contains a backslash. */
  escaped: boolean;
  /** Index of the next backslash at or after the last look (the length: none left), -1 before the first look. */
  backslash: number;
}

/** Strings up to this long are scanned byte by byte; longer ones (URLs, tokens) by memchr. */
const SHORT_STRING = 64;

/**
 * The end (just past the closing quote) of the string whose opening quote is at `at`, or -1 when it
 * is not a valid JSON string. Sets `st.escaped`. A raw control character (RFC 8259 wants them
 * escaped) makes a string invalid where its bytes are looked at one by one, but not in the stretch
 * of a long string that memchr skips: checking there would cost a look at every byte of every URL,
 * and accepting slightly more than JSON cannot make a link appear where there is none.
 */
function stringEnd(b: Buffer, at: number, st: StringState): number {
  const n = b.length;
  let i = at + 1;
  st.escaped = false;
  const shortEnd = i + SHORT_STRING < n ? i + SHORT_STRING : n;
  for (; i < shortEnd; i++) {
    const c = b[i] as number;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) return escapedStringEnd(b, i, st);
    if (c < 0x20) return -1;
  }
  if (i >= n) return -1;
  const quote = b.indexOf(QUOTE, i);
  if (quote < 0) return -1;
  if (st.backslash < i) {
    const next = b.indexOf(BACKSLASH, i);
    st.backslash = next < 0 ? n : next; // a small integer either way, so V8 keeps the field unboxed
  }
  return st.backslash > quote ? quote + 1 : escapedStringEnd(b, st.backslash, st);
}

/** The rest of a string from the backslash at `at`, escapes checked one by one. */
function escapedStringEnd(b: Buffer, at: number, st: StringState): number {
  st.escaped = true;
  let i = at;
  for (;;) {
    let c = b[i];
    while (c !== undefined && c >= 0x20 && c !== QUOTE && c !== BACKSLASH) c = b[++i];
    if (c === QUOTE) return i + 1;
    if (c !== BACKSLASH) return -1;
    const e = b[i + 1];
    if (e === 0x75) {
      if (!isHex(b[i + 2]) || !isHex(b[i + 3]) || !isHex(b[i + 4]) || !isHex(b[i + 5])) return -1;
      i += 6;
    } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
      i += 2;
    } else {
      return -1;
    }
  }
}

/** The end of the number starting at `at`, or -1 (`-? (0 | [1-9]d*) (. d+)? ([eE] [+-]? d+)?`). */
function numberEnd(b: Buffer, at: number): number {
  let i = at;
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function literalEnd(b: Buffer, at: number, word: readonly number[]): number {
  for (let k = 0; k < word.length; k++) if (b[at + k] !== word[k]) return -1;
  return at + word.length;
}

function sameBytes(b: Buffer, from: number, word: readonly number[]): boolean {
  for (let k = 0; k < word.length; k++) if (b[from + k] !== word[k]) return false;
  return true;
}

const ascii = (s: string): number[] => Array.from(s, (ch) => ch.charCodeAt(0));
const KEY_START_URL = ascii('start_url');
const KEY_DOWNLOAD_URL = ascii('download_url');
const KEY_ID = ascii('id');
const KEY_HOST_ID = ascii('host_id');
const KEY_SCHEDULE_FOR = ascii('schedule_for');
const KEY_HOST_EMAIL = ascii('host_email');
const KEY_MEETINGS = ascii('meetings');
const KEY_RECORDING_FILES = ascii('recording_files');
const KEY_PARTICIPANT_AUDIO_FILES = ascii('participant_audio_files');

function keyOfName(name: string): Key {
  if (name === 'start_url') return Key.StartUrl;
  if (name === 'download_url') return Key.DownloadUrl;
  if (name === 'id') return Key.Id;
  if (name === 'host_id') return Key.HostId;
  if (name === 'schedule_for') return Key.ScheduleFor;
  if (name === 'host_email') return Key.HostEmail;
  if (name === 'meetings') return Key.Meetings;
  if (name === 'recording_files') return Key.RecordingFiles;
  if (name === 'participant_audio_files') return Key.ParticipantAudioFiles;
  return Key.Other;
}

/** Which key the string token [start, end) names; an escaped key is decoded first. */
function keyOf(b: Buffer, start: number, end: number, escaped: boolean): Key {
  if (escaped) return keyOfName(decodeString(b, start, end));
  const length = end - start - 2;
  const from = start + 1;
  if (length === 9) return sameBytes(b, from, KEY_START_URL) ? Key.StartUrl : Key.Other;
  if (length === 12) return sameBytes(b, from, KEY_DOWNLOAD_URL) ? Key.DownloadUrl : sameBytes(b, from, KEY_SCHEDULE_FOR) ? Key.ScheduleFor : Key.Other;
  if (length === 2) return sameBytes(b, from, KEY_ID) ? Key.Id : Key.Other;
  if (length === 7) return sameBytes(b, from, KEY_HOST_ID) ? Key.HostId : Key.Other;
  if (length === 10) return sameBytes(b, from, KEY_HOST_EMAIL) ? Key.HostEmail : Key.Other;
  if (length === 8) return sameBytes(b, from, KEY_MEETINGS) ? Key.Meetings : Key.Other;
  if (length === 15) return sameBytes(b, from, KEY_RECORDING_FILES) ? Key.RecordingFiles : Key.Other;
  if (length === 23) return sameBytes(b, from, KEY_PARTICIPANT_AUDIO_FILES) ? Key.ParticipantAudioFiles : Key.Other;
  return Key.Other;
}

/** The value of the string token [start, end) the scanner accepted. */
function decodeString(b: Buffer, start: number, end: number, escaped = true): string {
  if (!escaped) return b.toString('utf8', start + 1, end - 1);
  const token = b.toString('utf8', start, end);
  try {
    return JSON.parse(token) as string;
  } catch {
    // A raw control character the scanner tolerated (see stringEnd): JSON.parse wants it escaped.
    return JSON.parse(token.replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)) as string;
  }
}

const UNBOUNDED: AnswerBounds = { maxLinks: Number.POSITIVE_INFINITY, maxDepth: Number.POSITIVE_INFINITY };

/**
 * Extract the fields of `body` (UTF-8 JSON, a leading byte order mark skipped). Invalid JSON gives
 * `{ valid: false }` and no hits, so a body the proxy does not understand is passed on untouched.
 * With `bounds`, a document with more link keys or deeper nesting stops the pass at that point
 * (`over`). Never throws.
 */
export function extractJsonFields(body: Buffer, bounds: AnswerBounds = UNBOUNDED): JsonFields {
  const b = body;
  const n = b.length;
  const st: StringState = { escaped: false, backslash: -1 };
  const hits: LinkHit[] = [];
  const scheduleFor: Array<string | undefined> = [];
  // Per open container, indexed by depth: whether it is an object, and for objects the `id` and
  // `host_id` seen so far and the first hit inside it (filled in with the owner when it closes).
  const isObject: boolean[] = [];
  // Byte ranges of the `id` and `host_id` values ([start, end), start -1 when absent): decoded only
  // for an object that holds a link.
  const idAt: number[] = [];
  const idEnd: number[] = [];
  const hostAt: number[] = [];
  const hostEnd: number[] = [];
  const firstHit: number[] = [];
  const hitDepth: number[] = [];
  // The recordings answer's shape: each container's role, each recording's `host_email`, and for
  // each hit the depth of the recording it is a file of (-1: none).
  const role: Role[] = [];
  const emailAt: number[] = [];
  const emailEnd: number[] = [];
  const hitRecording: number[] = [];
  const recordingFiles: RecordingFile[] = [];
  let depth = 0;
  let links = 0;
  let expect = Expect.Value;
  let key = Key.Other;
  // The key is start_url or download_url as written (no escapes): a link key, counted against the bounds.
  let linkKey = false;
  let keyEscaped = false;
  // Offsets stay those of `body`, mark included.
  let i: number = bomLength(b);

  while (i < n) {
    const c = b[i] as number;
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    switch (expect) {
      case Expect.Colon:
        if (c !== 0x3a) return INVALID;
        if (linkKey && ++links > bounds.maxLinks) return over('links');
        expect = Expect.Value;
        i++;
        continue;
      case Expect.Next:
        if (depth === 0) return INVALID; // a second value after the document
        if (c === 0x2c) {
          expect = isObject[depth - 1] ? Expect.Key : Expect.Value;
          i++;
          continue;
        }
        if (c === (isObject[depth - 1] ? 0x7d : 0x5d)) {
          depth--;
          if (isObject[depth] && firstHit[depth] !== hits.length) claimHits(depth);
          if (role[depth] === Role.Recording && firstHit[depth] !== hits.length) claimFiles(depth);
          i++;
          continue;
        }
        return INVALID;
      case Expect.Key:
      case Expect.KeyOrClose: {
        if (c === 0x7d && expect === Expect.KeyOrClose) {
          depth--;
          expect = Expect.Next;
          i++;
          continue;
        }
        if (c !== QUOTE) return INVALID;
        const end = stringEnd(b, i, st);
        if (end < 0) return INVALID;
        key = keyOf(b, i, end, st.escaped);
        keyEscaped = st.escaped;
        linkKey = !st.escaped && (key === Key.StartUrl || key === Key.DownloadUrl);
        expect = Expect.Colon;
        i = end;
        continue;
      }
      default: {
        // Expect.Value or Expect.ValueOrClose
        if (c === 0x5d && expect === Expect.ValueOrClose) {
          depth--;
          expect = Expect.Next;
          i++;
          continue;
        }
        const valueKey = depth > 0 && isObject[depth - 1] ? key : Key.Other;
        key = Key.Other;
        // A top-level schedule_for that is not a string: noted (null is left out, below).
        if (valueKey === Key.ScheduleFor && depth === 1 && c !== QUOTE && c !== 0x6e) scheduleFor.push(undefined);
        if (c === 0x7b || c === 0x5b) {
          if (depth >= bounds.maxDepth) return over('depth');
          const object = c === 0x7b;
          isObject[depth] = object;
          role[depth] = roleOf(object, valueKey);
          if (object) {
            idAt[depth] = -1;
            hostAt[depth] = -1;
            emailAt[depth] = -1;
            firstHit[depth] = hits.length;
          }
          depth++;
          expect = object ? Expect.KeyOrClose : Expect.ValueOrClose;
          i++;
          continue;
        }
        let end: number;
        if (c === QUOTE) {
          end = stringEnd(b, i, st);
          if (end < 0) return INVALID;
          if (valueKey === Key.StartUrl || valueKey === Key.DownloadUrl) {
            hits.push({
              kind: valueKey === Key.StartUrl ? 'start' : 'download',
              start: i,
              end,
              escaped: st.escaped,
              keyEscaped,
              url: decodeString(b, i, end, st.escaped),
              ownerId: undefined,
              ownerHostId: undefined,
            });
            hitDepth.push(depth - 1);
            hitRecording.push(valueKey === Key.DownloadUrl && role[depth - 1] === Role.File ? depth - 3 : -1);
          } else if (valueKey === Key.Id) {
            idAt[depth - 1] = i;
            idEnd[depth - 1] = end;
          } else if (valueKey === Key.HostId) {
            hostAt[depth - 1] = i;
            hostEnd[depth - 1] = end;
          } else if (valueKey === Key.HostEmail) {
            emailAt[depth - 1] = i;
            emailEnd[depth - 1] = end;
          } else if (valueKey === Key.ScheduleFor && depth === 1) {
            scheduleFor.push(decodeString(b, i, end, st.escaped));
          }
        } else if (c === 0x2d || isDigit(c)) {
          end = numberEnd(b, i);
          if (end < 0) return INVALID;
          if (valueKey === Key.Id) {
            idAt[depth - 1] = i;
            idEnd[depth - 1] = end;
          }
        } else if (c === 0x74) {
          end = literalEnd(b, i, TRUE);
        } else if (c === 0x66) {
          end = literalEnd(b, i, FALSE);
        } else if (c === 0x6e) {
          end = literalEnd(b, i, NULL);
        } else {
          return INVALID;
        }
        if (end < 0) return INVALID;
        expect = Expect.Next;
        i = end;
        continue;
      }
    }
  }
  if (expect !== Expect.Next || depth !== 0) return INVALID;
  const rootHostId = isObject[0] && hostAt[0] !== -1 ? valueText(b, hostAt[0] as number, hostEnd[0] as number) : undefined;
  return { valid: true, hits, hostId: rootHostId, scheduleFor, recordingFiles };

  /** The role of a container opening at `depth` as the value of `valueKey` (Key.Other in an array). */
  function roleOf(object: boolean, valueKey: Key): Role {
    if (depth === 0) return object ? Role.Recording : Role.Other;
    const parent = role[depth - 1];
    if (parent === Role.Recording) {
      if (object) return Role.Other;
      if (valueKey === Key.RecordingFiles || valueKey === Key.ParticipantAudioFiles) return Role.FileList;
      return depth === 1 && valueKey === Key.Meetings ? Role.MeetingList : Role.Other;
    }
    if (parent === Role.MeetingList) return object ? Role.Recording : Role.Other;
    if (parent === Role.FileList) return object ? Role.File : Role.Other;
    return Role.Other;
  }

  /** A recording at `at` closes: its files (hits inside it, two levels down) get its host. */
  function claimFiles(at: number): void {
    const hostId = hostAt[at] === -1 ? '' : valueText(b, hostAt[at] as number, hostEnd[at] as number);
    if (hostId === '') return;
    const email = emailAt[at] === -1 ? '' : valueText(b, emailAt[at] as number, emailEnd[at] as number);
    for (let h = firstHit[at] as number; h < hits.length; h++) {
      if (hitRecording[h] === at) recordingFiles.push({ url: (hits[h] as LinkHit).url, hostId, hostEmail: email === '' ? undefined : email });
    }
  }

  /** An object at `at` closes: the links it holds directly get its `id` and `host_id`. */
  function claimHits(at: number): void {
    const id = idAt[at] === -1 ? undefined : valueText(b, idAt[at] as number, idEnd[at] as number);
    const host = hostAt[at] === -1 ? undefined : valueText(b, hostAt[at] as number, hostEnd[at] as number);
    for (let h = firstHit[at] as number; h < hits.length; h++) {
      if (hitDepth[h] !== at) continue; // held by an object nested inside this one
      const hit = hits[h] as LinkHit;
      hit.ownerId = id;
      hit.ownerHostId = host;
    }
  }
}

function over(bound: OverBound): JsonFields {
  return { ...INVALID, over: bound };
}

/** The text of a scalar token: a string's value, or a number as written. */
function valueText(b: Buffer, start: number, end: number): string {
  if (b[start] !== QUOTE) return b.toString('latin1', start, end); // a number: ASCII
  let escaped = false;
  for (let k = start + 1; k < end - 1; k++) if (b[k] === BACKSLASH) escaped = true;
  return decodeString(b, start, end, escaped);
}
