/**
 * The bounds of a JSON answer whose links are rewritten: past them, the answer passes through
 * untouched (and is logged), as one over `passthrough.rewriteMaxBytes` does. Zoom's answers stay far
 * inside them; an answer that does not costs the event loop in proportion to its links (each one
 * signed, the output growing with each) or its nesting (the full scan and `JSON.parse` of a
 * recordings answer walk every level): 200,000 `start_url`s in 8 MiB took 1.9 s and made 21 MiB,
 * 4 million levels 4.6 s. The check runs before any of that work, in one pass that allocates
 * nothing; the WebAssembly engine has the same pass (`bounds` in link-engine.as.ts).
 */

/**
 * The deepest nesting scanned. Zoom's answers nest about five levels (a list, its meetings, their
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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const START_URL = Buffer.from('start_url');
const DOWNLOAD_URL = Buffer.from('download_url');

function isWhitespace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Whether the string token [open, close] (its quotes) is the key `"start_url"` or `"download_url"`. */
function isLinkKey(b: Buffer, open: number, close: number): boolean {
  const n = close - open - 1;
  const word = n === 9 ? START_URL : n === 12 ? DOWNLOAD_URL : undefined;
  if (word === undefined || b.compare(word, 0, n, open + 1, close) !== 0) return false;
  let i = close + 1;
  while (isWhitespace(b[i])) i++;
  return b[i] === COLON;
}

/**
 * Which bound the answer goes past first, or undefined when it stays within both: more than
 * `maxLinks` `start_url`/`download_url` keys, or a `{`/`[` nesting deeper than `maxDepth`. Brackets
 * inside strings do not count. On bytes that are not JSON the verdict may be either; nothing throws.
 */
export function overAnswerBounds(b: Buffer, bounds: AnswerBounds): OverBound | undefined {
  const n = b.length;
  let depth = 0;
  let links = 0;
  let i = 0;
  while (i < n) {
    const c = b[i] as number;
    if (c === QUOTE) {
      // The closing quote: the next one after an even run of backslashes.
      let close = b.indexOf(QUOTE, i + 1);
      for (;;) {
        if (close < 0) return undefined;
        let k = close - 1;
        while (b[k] === BACKSLASH) k--;
        if ((close - 1 - k) % 2 === 0) break;
        close = b.indexOf(QUOTE, close + 1);
      }
      if (isLinkKey(b, i, close) && ++links > bounds.maxLinks) return 'links';
      i = close + 1;
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
