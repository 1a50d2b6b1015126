/**
 * The fast way to the links of a JSON answer: memchr-speed searches for the `"start_url"` and
 * `"download_url"` keys instead of a walk over every token (scanJsonLinks). Rewriting a 300-meeting
 * list is on the hot path (bench/README.md, list workload): this costs about what copying the body does, the
 * full scan several times that.
 *
 * Why a search is exact on JSON: inside a JSON string every `"` is escaped, so an unescaped `"`
 * followed by `start_url"` opens a string whose content is exactly `start_url` (a closing quote is
 * never followed by a letter); followed by `:` it is a key. The value's string ends at the first
 * unescaped `"`. A key spelled with escapes (`"start\u005furl"`) is not found: Zoom does not write
 * keys that way. On bytes that are not JSON the spots may be meaningless, but never out of range,
 * and nothing throws.
 */
import type { LinkKind } from './scan-json-links.js';

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
const UNDERSCORE = 0x5f;
const COLON = 0x3a;

const START = Buffer.from('"start');
const DOWNLOAD = Buffer.from('"download');

function isWhitespace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Whether the byte at `at` is preceded by an odd number of backslashes (escaped). */
function isEscaped(b: Buffer, at: number): boolean {
  let n = 0;
  for (let k = at - 1; k >= 0 && b[k] === BACKSLASH; k--) n++;
  return n % 2 === 1;
}

function endsWith(b: Buffer, end: number, word: Buffer): boolean {
  const from = end - word.length;
  if (from < 0) return false;
  for (let k = 0; k < word.length; k++) if (b[from + k] !== word[k]) return false;
  return true;
}

/** Every string value of a `start_url` or `download_url` key, in document order. */
export function locateJsonLinks(b: Buffer): LinkSpot[] {
  const spots: LinkSpot[] = [];
  const n = b.length;
  // The next backslash at or after the last look (n: none left), so escapes cost one search per backslash.
  let backslash = -1;
  let at = b.indexOf(UNDERSCORE);
  while (at >= 0) {
    // `_url"`, the end of both keys; then which key, from the bytes before it.
    if (b[at + 1] === 0x75 && b[at + 2] === 0x72 && b[at + 3] === 0x6c && b[at + 4] === QUOTE) {
      const kind: LinkKind | undefined = endsWith(b, at, START) ? 'start' : endsWith(b, at, DOWNLOAD) ? 'download' : undefined;
      const open = at - (kind === 'start' ? START.length : DOWNLOAD.length);
      if (kind !== undefined && !isEscaped(b, open)) {
        let i = at + 5;
        while (isWhitespace(b[i])) i++;
        if (b[i] === COLON) {
          i++;
          while (isWhitespace(b[i])) i++;
          if (b[i] === QUOTE) {
            const start = i;
            let close = b.indexOf(QUOTE, start + 1);
            if (backslash < start + 1 && backslash < n) {
              const next = b.indexOf(BACKSLASH, start + 1);
              backslash = next < 0 ? n : next;
            }
            const escaped = close >= 0 && backslash < close;
            while (close >= 0 && escaped && isEscaped(b, close)) close = b.indexOf(QUOTE, close + 1);
            if (close >= 0) {
              spots.push({ kind, start, end: close + 1, escaped });
              at = close;
            }
          }
        }
      }
    }
    at = b.indexOf(UNDERSCORE, at + 1);
  }
  return spots;
}
