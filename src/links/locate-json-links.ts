/**
 * One pass over a JSON answer that finds the values of its `start_url` and `download_url` keys and
 * checks the bounds of the rewrite on the way: past them the answer passes through untouched (and is
 * logged), as one over `passthrough.rewriteMaxBytes` does. Zoom's answers stay far inside them; an
 * answer that does not costs the event loop in proportion to its links (each one signed, the output
 * growing with each) or its nesting (JSON.parse and the field extractor walk every level). The
 * WebAssembly engine makes the same pass (`rewrite` in link-engine.as.ts), with the same verdicts.
 *
 * The pass steps from quote to bracket: strings are skipped whole (their brackets do not count), and
 * a string that is exactly `start_url` or `download_url` followed by `:` is a link key (a key spelled
 * with escapes, `"start\u005furl"`, is not: Zoom does not write keys that way). On bytes that are not
 * JSON the spots may be meaningless and the verdict either, but no spot is out of range and nothing
 * throws.
 */
import type { LinkKind } from './extract-json-fields.js';

/**
 * The deepest nesting walked. Zoom's answers nest about five levels (a list, its meetings, their
 * settings, a setting's list); 64 leaves room for any shape Zoom adds.
 */
export const REWRITE_MAX_DEPTH = 64;

export type OverBound = 'links' | 'depth';

export interface AnswerBounds {
  /** `passthrough.rewriteMaxLinks`: `start_url` and `download_url` keys in one answer. */
  maxLinks: number;
  /** REWRITE_MAX_DEPTH, unless a test says otherwise. */
  maxDepth: number;
}

export interface LinkSpot {
  kind: LinkKind;
  /** Byte offset of the opening quote of the value. */
  start: number;
  /** Just past its closing quote. */
  end: number;
  /** The value contains a backslash (an escape): decode it before reading it. */
  escaped: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const START_URL = Buffer.from('start_url');
const DOWNLOAD_URL = Buffer.from('download_url');
/** Strings up to this long (most keys) are read byte by byte; longer ones (URLs, tokens) by memchr. */
const SHORT_STRING = 32;

function isWhitespace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Where the string scanner stands across the strings of one answer. */
interface Strings {
  /** Whether the last string skipped holds a backslash. */
  escaped: boolean;
  /** The next backslash at or after the last look (the length: none left), so escapes cost one search per backslash. */
  backslash: number;
}

/** The closing quote of the string opened at `open` (the next one not escaped), or -1 when it never closes. */
function closingQuote(b: Buffer, open: number, st: Strings): number {
  const n = b.length;
  const shortEnd = open + 1 + SHORT_STRING < n ? open + 1 + SHORT_STRING : n;
  let i = open + 1;
  for (; i < shortEnd; i++) {
    const c = b[i];
    if (c === QUOTE) {
      st.escaped = false;
      return i;
    }
    if (c === BACKSLASH) return escapedClose(b, i, st);
  }
  const close = b.indexOf(QUOTE, i);
  if (close < 0) return -1;
  if (st.backslash < i) {
    const next = b.indexOf(BACKSLASH, i);
    st.backslash = next < 0 ? n : next;
  }
  if (st.backslash > close) {
    st.escaped = false;
    return close;
  }
  return escapedClose(b, st.backslash, st);
}

/** The rest of a string from the backslash at `at`: each backslash takes the byte after it along. */
function escapedClose(b: Buffer, at: number, st: Strings): number {
  st.escaped = true;
  const n = b.length;
  let i = at;
  while (i < n) {
    const c = b[i];
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i;
    else i++;
  }
  return -1;
}

/** The link kind the string token [open, close] (its quotes) names as a key, or undefined. */
function linkKeyOf(b: Buffer, open: number, close: number): LinkKind | undefined {
  const n = close - open - 1;
  if (n === 9) return b.compare(START_URL, 0, 9, open + 1, close) === 0 ? 'start' : undefined;
  if (n === 12) return b.compare(DOWNLOAD_URL, 0, 12, open + 1, close) === 0 ? 'download' : undefined;
  return undefined;
}

/**
 * Walks `b` once: pushes every string value of a `start_url` or `download_url` key onto `spots` (when
 * given), in document order, and returns which bound the answer goes past first (more than
 * `maxLinks` link keys, whatever their values, or a `{`/`[` nesting deeper than `maxDepth`), or
 * undefined when it stays within both. A string that never closes ends the walk.
 */
export function locateJsonLinks(b: Buffer, bounds: AnswerBounds, spots?: LinkSpot[]): OverBound | undefined {
  const n = b.length;
  const st: Strings = { escaped: false, backslash: -1 };
  let depth = 0;
  let links = 0;
  let i = 0;
  while (i < n) {
    const c = b[i] as number;
    if (c === QUOTE) {
      const close = closingQuote(b, i, st);
      if (close < 0) return undefined;
      const kind = st.escaped ? undefined : linkKeyOf(b, i, close);
      i = close + 1;
      if (kind === undefined) continue;
      let k = i;
      while (isWhitespace(b[k])) k++;
      if (b[k] !== COLON) continue;
      if (++links > bounds.maxLinks) return 'links';
      k++;
      while (isWhitespace(b[k])) k++;
      i = k;
      if (b[k] !== QUOTE) continue;
      const end = closingQuote(b, k, st);
      if (end < 0) return undefined;
      spots?.push({ kind, start: k, end: end + 1, escaped: st.escaped });
      i = end + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (++depth > bounds.maxDepth) return 'depth';
    } else if ((c === 0x7d || c === 0x5d) && depth > 0) {
      depth--;
    }
    i++;
  }
  return undefined;
}
