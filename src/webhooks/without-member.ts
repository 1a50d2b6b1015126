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
  while (j < b.length && b[j] !== COMMA && b[j] !== CLOSE_OBJECT && b[j] !== CLOSE_ARRAY && !isWhitespace(b[j])) j++;
  return j;
}

interface Member {
  name: string;
  /** Where its key's opening quote is. */
  start: number;
  /** Where its value starts, and just past it. */
  valueStart: number;
  end: number;
}

/** The members of the object whose `{` is at `i` (a JSON document parsed already, so well-formed), in order. */
function membersOf(b: Buffer, i: number): Member[] {
  const members: Member[] = [];
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
    members.push({ name, start, valueStart: i, end });
    i = end;
  }
}

/** The first member named `name` in the value at `i`, at any depth, and its object's members. */
function findMember(b: Buffer, i: number, name: string): { members: Member[]; k: number } | undefined {
  if (b[i] === OPEN_OBJECT) {
    const members = membersOf(b, i);
    const k = members.findIndex((member) => member.name === name);
    if (k >= 0) return { members, k };
    for (const member of members) {
      const found = findMember(b, member.valueStart, name);
      if (found !== undefined) return found;
    }
  } else if (b[i] === OPEN_ARRAY) {
    i++;
    for (;;) {
      while (isWhitespace(b[i]) || b[i] === COMMA) i++;
      if (i >= b.length || b[i] === CLOSE_ARRAY) return undefined;
      const found = findMember(b, i, name);
      if (found !== undefined) return found;
      i = valueEnd(b, i);
    }
  }
  return undefined;
}

/**
 * `body` (a JSON document, parsed already, nested no deeper than parseEvent allows) without its
 * members named `name`, at any depth, every other byte as it was: a member is cut with the comma and
 * white space before it (after it, when it is the first), so what is left is the same JSON, laid out
 * as before, less those members. `body` itself when it has none.
 */
export function withoutMember(body: Buffer, name: string): Buffer {
  let out = body;
  for (;;) {
    let i: number = bomLength(out);
    while (isWhitespace(out[i])) i++;
    const found = findMember(out, i, name);
    if (found === undefined) return out;
    const { members, k } = found;
    const member = members[k] as Member;
    const before = members[k - 1];
    const after = members[k + 1];
    const [from, to] = before !== undefined ? [before.end, member.end] : after !== undefined ? [member.start, after.start] : [member.start, member.end];
    out = Buffer.concat([out.subarray(0, from), out.subarray(to)]);
  }
}
