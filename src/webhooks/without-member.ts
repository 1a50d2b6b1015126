import { bomLength } from '../http/utf8-bom.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isWhitespace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Just past the string token starting at `i` (its opening quote). */
function stringEnd(b: Buffer, i: number): number {
  for (let j = i + 1; j < b.length; j++) {
    if (b[j] === BACKSLASH) j++;
    else if (b[j] === QUOTE) return j + 1;
  }
  return b.length;
}

/** Just past the JSON value starting at `i`. */
function valueEnd(b: Buffer, i: number): number {
  const c = b[i];
  if (c === QUOTE) return stringEnd(b, i);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    let depth = 0;
    for (let j = i; j < b.length; j++) {
      const d = b[j];
      if (d === QUOTE) j = stringEnd(b, j) - 1;
      else if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
      else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) return j + 1;
    }
    return b.length;
  }
  let j = i;
  while (j < b.length && b[j] !== COMMA && b[j] !== CLOSE_OBJECT && !isWhitespace(b[j])) j++;
  return j;
}

interface Member {
  name: string;
  /** Where its key's opening quote is. */
  start: number;
  /** Just past its value. */
  end: number;
}

/** The members of the top-level object of a JSON document (parsed already, so well-formed), in order. */
function topLevelMembers(b: Buffer): Member[] {
  const members: Member[] = [];
  let i: number = bomLength(b);
  while (isWhitespace(b[i])) i++;
  if (b[i] !== OPEN_OBJECT) return members;
  i++;
  for (;;) {
    while (isWhitespace(b[i]) || b[i] === COMMA) i++;
    if (b[i] !== QUOTE) return members;
    const start = i;
    const keyEnd = stringEnd(b, i);
    const raw = b.toString('utf8', start, keyEnd);
    // A key spelled with escapes ("download\u005ftoken") is the same key to every JSON reader.
    const name = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    i = keyEnd;
    while (isWhitespace(b[i])) i++;
    i++; // the colon
    while (isWhitespace(b[i])) i++;
    const end = valueEnd(b, i);
    members.push({ name, start, end });
    i = end;
  }
}

/**
 * `body` (a JSON object, parsed already) without its top-level member(s) named `name`, every other byte
 * as it was: a member is cut with the comma and white space before it (after it, when it is the
 * first), so what is left is the same JSON, laid out as before, less that member. `body` itself when
 * it has none.
 */
export function withoutTopLevelMember(body: Buffer, name: string): Buffer {
  let out = body;
  for (;;) {
    const members = topLevelMembers(out);
    const k = members.findIndex((member) => member.name === name);
    if (k < 0) return out;
    const member = members[k] as Member;
    const before = members[k - 1];
    const after = members[k + 1];
    const [from, to] = before !== undefined ? [before.end, member.end] : after !== undefined ? [member.start, after.start] : [member.start, member.end];
    out = Buffer.concat([out.subarray(0, from), out.subarray(to)]);
  }
}
