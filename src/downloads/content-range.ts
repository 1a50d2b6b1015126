/** A `Content-Range: bytes a-b/size` of a 206 (RFC 9110 §14.4); `size` is undefined for `*`. */
export interface ContentRange {
  start: number;
  end: number;
  size: number | undefined;
}

const CONTENT_RANGE = /^\s*bytes\s+(\d{1,15})-(\d{1,15})\/(\d{1,15}|\*)\s*$/i;

/** The range a 206 says it carries, or undefined when the header is absent or not a valid single range. */
export function parseContentRange(header: string | undefined): ContentRange | undefined {
  const m = CONTENT_RANGE.exec(header ?? '');
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  const size = m[3] === '*' ? undefined : Number(m[3]);
  if (end < start || (size !== undefined && end >= size)) return undefined;
  return { start, end, size };
}
