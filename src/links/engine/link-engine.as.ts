/**
 * The link rewrite of a JSON answer in WebAssembly (AssemblyScript, compiled by `npm run build` to
 * link-engine.wasm; the glue is wasm-link-rewriter.ts). It does what rewrite-links.ts does in mode
 * `proxy` with link reuse on, for answers whose links are all plain (no escapes, start URLs of
 * Zoom's `/s/{id}` shape): find the `start_url` and `download_url` values (checking the answer's
 * bounds on the way), look each signed link up
 * in tables of links already signed, and splice them in. What is not in the tables it lists for
 * JavaScript to fill from the link memory (MISSES); an answer it cannot do it hands back (NEEDS_JS).
 *
 * Why WebAssembly: rewriting a 300-meeting list is on the hot path (docs/design.md, bench/README.md); in
 * JavaScript each of its 600 links costs several calls into C++ (indexOf, compare, copy), here
 * the whole answer is one call with 16-byte SIMD searches.
 *
 * The tables are a copy of the rewriter's LinkMemory (link-memory.ts), which signs the links and
 * keeps the reuse windows: JavaScript fills them with what the memory gave for a miss and empties a
 * kind's table when its window starts over, so both rewriters hand out the same links.
 *
 * Memory (one linear memory, never freed, all offsets absolute):
 *   [statics | own prefix | start table | download table | start arena | download arena | scratch]
 * The arenas hold the tokens (and, for downloads, the raw bytes of Zoom's URL they stand for); a
 * kind's reset empties its table and arena. The scratch area (input, plan, output) grows with the
 * answer, to at most 2 MiB of input and MAX_OUTPUT of output.
 */

// ---- layout -------------------------------------------------------------------------------
const OWN_MAX: u32 = 2048;
/** Slots per table: a power of two, well above the 20,000 links a window keeps. */
const SLOTS: u32 = 32768;
const START_ENTRY: u32 = 16; // id lo, id hi, token offset, token length (0: empty slot)
const DOWNLOAD_ENTRY: u32 = 24; // hash, raw offset, raw length, token offset, token length, -
/** A table is full at this many links (the JS rewriter's window holds as many). */
const MAX_ENTRIES: u32 = 20000;
const START_ARENA_BYTES: u32 = 4 << 20;
const DOWNLOAD_ARENA_BYTES: u32 = 12 << 20;
/** A longer output is left to JavaScript (short links made long, a long publicUrl): memory is never given back. */
const MAX_OUTPUT: i64 = 8 << 20;
const PLAN_RECORD: u32 = 20; // start, end, kind, a, b

const OWN: u32 = ((<u32>__heap_base + 15) & ~15);
const START_TABLE: u32 = OWN + OWN_MAX;
const DOWNLOAD_TABLE: u32 = START_TABLE + SLOTS * START_ENTRY;
const START_ARENA: u32 = DOWNLOAD_TABLE + SLOTS * DOWNLOAD_ENTRY;
const DOWNLOAD_ARENA: u32 = START_ARENA + START_ARENA_BYTES;
const SCRATCH: u32 = DOWNLOAD_ARENA + DOWNLOAD_ARENA_BYTES;

// ---- results and plan kinds ---------------------------------------------------------------
/** rewrite(): some link must be signed first: the plan lists them (kinds MISS_*). */
const MISSES: i32 = -2;
/** rewrite(): an escaped value, a start URL of another shape, an output over MAX_OUTPUT: let JavaScript do this answer. */
const NEEDS_JS: i32 = -1;
/** rewrite(): the answer nests deeper than allowed. */
const OVER_DEPTH: i32 = -3;
/** rewrite(): the answer has more `start_url` and `download_url` keys than allowed. */
const OVER_LINKS: i32 = -4;

const KIND_START: u32 = 1;
const KIND_DOWNLOAD: u32 = 2;
const MISS_START: u32 = 3; // a, b: the meeting id's digits [a, b)
const MISS_DOWNLOAD: u32 = 4; // a: the hash of the raw URL

const QUOTE: u32 = 0x22;
const BACKSLASH: u32 = 0x5c;
const SLASH: u32 = 0x2f;
const COLON: u32 = 0x3a;

let ownLength: u32 = 0;
let startTop: u32 = 0;
let downloadTop: u32 = 0;
/** Link values located in the last answer (rewritten or not): JavaScript refreshes its memory only for answers with some. */
let found: u32 = 0;
let startCount: u32 = 0;
let downloadCount: u32 = 0;
let planCount: u32 = 0;
let outputAt: u32 = 0;
/** Where the plan of the last answer starts (after its input): a record per link to replace. */
let planAt: u32 = SCRATCH;

function ensureMemory(end: u32): void {
  const have = <u32>memory.size() << 16;
  if (end <= have) return;
  const pages = ((end - have + 0xffff) >> 16) as i32;
  if (memory.grow(pages) < 0) unreachable();
}

// ---- what JavaScript calls ----------------------------------------------------------------

/** Where JavaScript writes publicUrl's prefix (`{publicUrl}/`), then calls setOwnLength. */
export function ownOffset(): u32 {
  ensureMemory(SCRATCH);
  return OWN;
}
export function setOwnLength(length: u32): void {
  ownLength = length;
}
export function ownCapacity(): u32 {
  return OWN_MAX;
}

/** Where JavaScript writes an answer of `length` bytes (room for its plan and output is made later). */
export function inputOffset(length: u32): u32 {
  ensureMemory(SCRATCH + length + 16);
  return SCRATCH;
}

/** Forget the start links (their window started over, or the table or arena is full). */
export function resetStarts(): void {
  memory.fill(START_TABLE, 0, SLOTS * START_ENTRY);
  startTop = 0;
  startCount = 0;
}
export function resetDownloads(): void {
  memory.fill(DOWNLOAD_TABLE, 0, SLOTS * DOWNLOAD_ENTRY);
  downloadTop = 0;
  downloadCount = 0;
}

/** Whether a start token of `bytes` fits: JavaScript resets the start table when not. */
export function hasStartRoom(bytes: u32): bool {
  return startCount < MAX_ENTRIES && startTop + bytes + 8 <= START_ARENA_BYTES; // 8: rounding
}
/** Whether a download token of `bytes` and Zoom's URL of `rawBytes` fit. */
export function hasDownloadRoom(bytes: u32, rawBytes: u32): bool {
  return downloadCount < MAX_ENTRIES && downloadTop + bytes + rawBytes + 16 <= DOWNLOAD_ARENA_BYTES;
}

/** Room for a start token JavaScript is about to write (check hasStartRoom first). */
export function startAlloc(bytes: u32): u32 {
  const at = START_ARENA + startTop;
  startTop += (bytes + 7) & ~7;
  return at;
}
export function downloadAlloc(bytes: u32): u32 {
  const at = DOWNLOAD_ARENA + downloadTop;
  downloadTop += (bytes + 7) & ~7;
  return at;
}

export function foundLinks(): u32 {
  return found;
}

export function planOffset(): u32 {
  return planAt;
}
export function plannedLinks(): u32 {
  return planCount;
}
export function outputOffset(): u32 {
  return outputAt;
}

/** Whether the link missing in plan record `record` has been signed since (the same link twice in one answer). */
export function resolved(record: u32): bool {
  const r = planAt + record * PLAN_RECORD;
  if (load<u32>(r, 8) == MISS_START) return findStart(digitsValue(load<u32>(r, 12), load<u32>(r, 16))) != 0;
  const from = load<u32>(r) + 1;
  return findDownload(from, load<u32>(r, 4) - 1 - from, load<u32>(r, 12)) != 0;
}

/** Remember the token at `token` (`length` bytes, in the arena) for the missing start link of plan record `record`. */
export function putStart(record: u32, token: u32, length: u32): void {
  const r = planAt + record * PLAN_RECORD;
  const id = digitsValue(load<u32>(r, 12), load<u32>(r, 16));
  let slot = startSlot(id);
  while (load<u32>(slot, 12) != 0) {
    if (load<u64>(slot) == id) return; // already there (the same meeting twice in one answer)
    slot = nextSlot(slot, START_TABLE, START_ENTRY);
  }
  store<u64>(slot, id);
  store<u32>(slot, token, 8);
  store<u32>(slot, length, 12);
  startCount++;
}

/** Remember the token for the missing download link of plan record `record`, with a copy of Zoom's URL. */
export function putDownload(record: u32, token: u32, length: u32): void {
  const r = planAt + record * PLAN_RECORD;
  const from = load<u32>(r) + 1;
  const rawLength = load<u32>(r, 4) - 1 - from;
  const hash = load<u32>(r, 12);
  if (findDownload(from, rawLength, hash) != 0) return;
  let slot = DOWNLOAD_TABLE + (hash & (SLOTS - 1)) * DOWNLOAD_ENTRY;
  while (load<u32>(slot, 16) != 0) slot = nextSlot(slot, DOWNLOAD_TABLE, DOWNLOAD_ENTRY);
  const raw = downloadAlloc(rawLength);
  memory.copy(raw, from, rawLength);
  store<u32>(slot, hash);
  store<u32>(slot, raw, 4);
  store<u32>(slot, rawLength, 8);
  store<u32>(slot, token, 12);
  store<u32>(slot, length, 16);
  downloadCount++;
}


/**
 * Rewrite the answer of `length` bytes at inputOffset(): the length of the output at
 * outputOffset(), 0 when no link changes, MISSES, NEEDS_JS, or OVER_DEPTH / OVER_LINKS when it
 * nests deeper than `maxDepth` or has more than `maxLinks` link keys (then nothing else is done).
 * One pass from quote to bracket, as locateJsonLinks (locate-json-links.ts) walks in JavaScript, with
 * the same verdicts and the same links: strings are skipped 16 bytes at a time and their brackets do
 * not count; bytes that are not JSON get some answer, never a trap.
 */
export function rewrite(length: u32, maxLinks: u32, maxDepth: u32): i32 {
  const input = SCRATCH;
  const end = input + length;
  planAt = (end + 16 + 15) & ~15;
  planCount = 0;
  found = 0;
  let outLength: i64 = length;
  let misses = false;
  let changed = false;
  let depth: u32 = 0;
  let links: u32 = 0;

  let p = nextStructural(input, end);
  while (p < end) {
    if (load<u8>(p) != QUOTE) {
      // `{` or `[` (0x7b, 0x5b) opens, `}` or `]` closes.
      if ((load<u8>(p) | 0x20) == 0x7b) {
        depth++;
        if (depth > maxDepth) return OVER_DEPTH;
      } else if (depth > 0) {
        depth--;
      }
      p = nextStructural(p + 1, end);
      continue;
    }
    const keyClose = stringClose(p, end);
    if (keyClose >= end) break; // a string that never closes ends the walk
    const kind = linkKeyKind(p, keyClose);
    p = nextStructural(keyClose + 1, end);
    if (kind == 0) continue;
    let i = keyClose + 1;
    while (i < end && isSpace(load<u8>(i))) i++;
    if (i >= end || load<u8>(i) != COLON) continue;
    links++;
    if (links > maxLinks) return OVER_LINKS;
    i++;
    while (i < end && isSpace(load<u8>(i))) i++;
    if (i >= end || load<u8>(i) != QUOTE) continue; // not a string: the walk goes on from the value
    const start = i;
    const close = nextQuoteOrBackslash(start + 1, end);
    if (close < end && load<u8>(close) == BACKSLASH) return NEEDS_JS; // an escaped value: JS decodes it
    if (close >= end) break;
    const spotEnd = close + 1;
    p = nextStructural(spotEnd, end);
    found++;
    const host = hostStart(start, spotEnd);
    if (host == 0 || isOwn(start, spotEnd)) continue;
    const r = planAt + planCount * PLAN_RECORD;
    ensureMemory(r + PLAN_RECORD);
    store<u32>(r, start);
    store<u32>(r, spotEnd, 4);
    planCount++;
    changed = true;
    if (kind == KIND_START) {
      // The meeting id: `/s/{digits}` right after the host.
      let q = host;
      const last = close;
      while (q < last && !endsHost(load<u8>(q))) q++;
      if (q + 3 > last || load<u8>(q) != SLASH || load<u8>(q + 1) != 0x73 || load<u8>(q + 2) != SLASH) return NEEDS_JS;
      const from = q + 3;
      let to = from;
      while (to < last && isDigit(load<u8>(to))) to++;
      // No digits, too many, a leading zero (its key would lose it) or another shape: JS.
      if (to == from || to - from > 19 || load<u8>(from) == 0x30 || (to < last && !endsHost(load<u8>(to)))) return NEEDS_JS;
      const slot = findStart(digitsValue(from, to));
      if (slot == 0) {
        misses = true;
        store<u32>(r, MISS_START, 8);
        store<u32>(r, from, 12);
        store<u32>(r, to, 16);
      } else {
        store<u32>(r, KIND_START, 8);
        store<u32>(r, load<u32>(slot, 8), 12);
        store<u32>(r, load<u32>(slot, 12), 16);
        outLength += <i64>load<u32>(slot, 12) - <i64>(spotEnd - start);
      }
    } else {
      const hash = hashBytes(start + 1, close);
      const slot = findDownload(start + 1, close - start - 1, hash);
      if (slot == 0) {
        misses = true;
        store<u32>(r, MISS_DOWNLOAD, 8);
        store<u32>(r, hash, 12);
      } else {
        store<u32>(r, KIND_DOWNLOAD, 8);
        store<u32>(r, load<u32>(slot, 12), 12);
        store<u32>(r, load<u32>(slot, 16), 16);
        outLength += <i64>load<u32>(slot, 16) - <i64>(spotEnd - start);
      }
    }
  }
  if (misses) return MISSES;
  if (!changed) return 0;
  if (outLength > MAX_OUTPUT) return NEEDS_JS;

  // The splice: the bytes between the links copied, each link's token where the old value was.
  const output = (planAt + planCount * PLAN_RECORD + 15) & ~15;
  ensureMemory(output + <u32>outLength + 16);
  outputAt = output;
  let from = input;
  let to = output;
  for (let k: u32 = 0; k < planCount; k++) {
    const r = planAt + k * PLAN_RECORD;
    const start = load<u32>(r);
    copyForward(to, from, start - from);
    to += start - from;
    const tokenLength = load<u32>(r, 16);
    copyForward(to, load<u32>(r, 12), tokenLength);
    to += tokenLength;
    from = load<u32>(r, 4);
  }
  memory.copy(to, from, end - from);
  return <i32>outLength;
}

/** The closing quote of the string opened at `open`: each backslash takes the byte after it along; `end` or past when it never closes. */
function stringClose(open: u32, end: u32): u32 {
  let q = nextQuoteOrBackslash(open + 1, end);
  while (q < end && load<u8>(q) == BACKSLASH) q = nextQuoteOrBackslash(q + 2, end);
  return q;
}

/** KIND_START when the string [open, close] (its quotes) is `"start_url"`, KIND_DOWNLOAD for `"download_url"`, else 0. */
function linkKeyKind(open: u32, close: u32): u32 {
  const n = close - open - 1;
  // start_url = 73 74 61 72 74 5f 75 72 6c; download_url = 64 6f 77 6e 6c 6f 61 64 5f 75 72 6c
  if (n == 9) return load<u64>(open + 1) == 0x72755f7472617473 && load<u8>(open + 9) == 0x6c ? KIND_START : 0;
  if (n == 12) return load<u64>(open + 1) == 0x64616f6c6e776f64 && load<u32>(open + 9) == 0x6c72755f ? KIND_DOWNLOAD : 0;
  return 0;
}


/** The next `"`, `{`, `}`, `[` or `]` at or after `from`; `end` when there is none. */
function nextStructural(from: u32, end: u32): u32 {
  const quote = i8x16.splat(0x22);
  const bit = i8x16.splat(0x20);
  const open = i8x16.splat(0x7b);
  const close = i8x16.splat(0x7d);
  let p = from;
  while (p + 16 <= end) {
    const block = v128.load(p);
    const folded = v128.or(block, bit); // [ and { alike, ] and } alike
    const mask = i8x16.bitmask(v128.or(i8x16.eq(block, quote), v128.or(i8x16.eq(folded, open), i8x16.eq(folded, close))));
    if (mask != 0) return p + ctz<u32>(mask);
    p += 16;
  }
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c == QUOTE || (c | 0x20) == 0x7b || (c | 0x20) == 0x7d) return p;
    p++;
  }
  return p;
}

/** Copy 16 bytes at a time, writing up to 15 bytes past `dst + n` (the output has room; what follows overwrites them). */
@inline function copyForward(dst: u32, src: u32, n: u32): void {
  if (n > 512) {
    memory.copy(dst, src, n);
    return;
  }
  for (let i: u32 = 0; i < n; i += 16) v128.store(dst + i, v128.load(src + i));
}

// ---- the search ---------------------------------------------------------------------------

/** The next `"` or `\` at or after `from`; `end` when there is none. */
function nextQuoteOrBackslash(from: u32, end: u32): u32 {
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  let p = from;
  while (p + 16 <= end) {
    const block = v128.load(p);
    const mask = i8x16.bitmask(v128.or(i8x16.eq(block, quote), i8x16.eq(block, backslash)));
    if (mask != 0) return p + ctz<u32>(mask);
    p += 16;
  }
  while (p < end && load<u8>(p) != QUOTE && load<u8>(p) != BACKSLASH) p++;
  return p;
}

@inline function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}
@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}
@inline function endsHost(c: u32): bool {
  return c == SLASH || c == 0x3f || c == 0x23;
}
@inline function lower(c: u32): u32 {
  return c - 0x41 < 26 ? c + 0x20 : c;
}

/** Where the host starts in the token [start, spotEnd) when it is an `http(s)://` URL with a host, else 0. */
function hostStart(start: u32, spotEnd: u32): u32 {
  const content = spotEnd - start - 2;
  const p = start + 1;
  if (content < 7 || lower(load<u8>(p)) != 0x68 || lower(load<u8>(p + 1)) != 0x74 || lower(load<u8>(p + 2)) != 0x74 || lower(load<u8>(p + 3)) != 0x70) return 0;
  let i: u32;
  if (content >= 8 && lower(load<u8>(p + 4)) == 0x73 && load<u8>(p + 5) == COLON && load<u8>(p + 6) == SLASH && load<u8>(p + 7) == SLASH) i = p + 8;
  else if (load<u8>(p + 4) == COLON && load<u8>(p + 5) == SLASH && load<u8>(p + 6) == SLASH) i = p + 7;
  else return 0;
  const c = <u32>load<u8>(i); // the closing quote at worst
  return endsHost(c) || c == QUOTE || c <= 0x20 ? 0 : i;
}

/** Whether the token's content starts with the proxy's own prefix. */
function isOwn(start: u32, spotEnd: u32): bool {
  if (spotEnd - start - 2 < ownLength) return false;
  return sameBytes(start + 1, OWN, ownLength);
}

/** Whether the `n` bytes at `a` and at `b` are the same, 8 at a time. */
function sameBytes(a: u32, b: u32, n: u32): bool {
  let i: u32 = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) return false;
  for (; i < n; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

function digitsValue(from: u32, to: u32): u64 {
  let n: u64 = 0;
  for (let p = from; p < to; p++) n = n * 10 + <u64>(load<u8>(p) - 0x30);
  return n;
}

// ---- the tables ---------------------------------------------------------------------------

@inline function nextSlot(slot: u32, table: u32, entry: u32): u32 {
  const next = slot + entry;
  return next == table + SLOTS * entry ? table : next;
}

function startSlot(id: u64): u32 {
  const h = <u32>((id * 0x9e3779b97f4a7c15) >> 40);
  return START_TABLE + (h & (SLOTS - 1)) * START_ENTRY;
}

/** The start table's slot holding meeting `id`, or 0. */
function findStart(id: u64): u32 {
  let slot = startSlot(id);
  while (load<u32>(slot, 12) != 0) {
    if (load<u64>(slot) == id) return slot;
    slot = nextSlot(slot, START_TABLE, START_ENTRY);
  }
  return 0;
}

/** The download table's slot holding the raw URL [from, from + length) with `hash`, or 0. */
function findDownload(from: u32, length: u32, hash: u32): u32 {
  let slot = DOWNLOAD_TABLE + (hash & (SLOTS - 1)) * DOWNLOAD_ENTRY;
  while (load<u32>(slot, 16) != 0) {
    if (load<u32>(slot) == hash && load<u32>(slot, 8) == length && sameBytes(load<u32>(slot, 4), from, length)) return slot;
    slot = nextSlot(slot, DOWNLOAD_TABLE, DOWNLOAD_ENTRY);
  }
  return 0;
}

/** A 32-bit hash of the bytes [from, to), 8 at a time (every byte counts; equal hashes are confirmed by comparing). */
function hashBytes(from: u32, to: u32): u32 {
  let h: u64 = <u64>(to - from) * 0x9e3779b97f4a7c15;
  let p = from;
  while (p + 8 <= to) {
    h = rotl<u64>((h ^ load<u64>(p)) * 0xff51afd7ed558ccd, 29);
    p += 8;
  }
  while (p < to) {
    h = rotl<u64>((h ^ <u64>load<u8>(p)) * 0xc4ceb9fe1a85ec53, 23);
    p++;
  }
  h ^= h >> 33;
  return <u32>h ^ <u32>(h >> 32);
}
