/** A `multipart/form-data` Content-Type and its boundary (RFC 2046, 5.1.1: 1 to 70 characters). */
const FORM_DATA = /^\s*multipart\/form-data\s*;(.*)$/is;
const BOUNDARY_PARAM = /(?:^|;)\s*boundary\s*=\s*(?:"([^"]{1,70})"|([!#$%&'*+.^_`|~\w-]{1,70}))\s*(?=;|$)/i;
const BOUNDARY_CHARS = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

/** The boundary a `multipart/form-data` Content-Type declares, or undefined (another type, none, two, or not a valid one). */
export function formDataBoundary(contentType: string): string | undefined {
  const params = FORM_DATA.exec(contentType)?.[1];
  if (params === undefined) return undefined;
  const found = [...params.matchAll(new RegExp(BOUNDARY_PARAM, 'gi'))];
  if (found.length !== 1) return undefined;
  const boundary = found[0]?.[1] ?? found[0]?.[2];
  return boundary !== undefined && BOUNDARY_CHARS.test(boundary) ? boundary : undefined;
}

/** Whether `bytes` from `at` are only linear white space (transport padding) up to a CRLF, whose end it answers; -1 if not. */
function paddingThenCrlf(bytes: Buffer, at: number): number {
  let i = at;
  while (bytes[i] === 0x20 || bytes[i] === 0x09) i++;
  return bytes[i] === 0x0d && bytes[i + 1] === 0x0a ? i + 2 : -1;
}

/**
 * Whether `bytes` is a well-formed multipart body with `boundary` (RFC 2046, 5.1.1), held to what a
 * form upload sends: it starts with the first delimiter (no preamble), has at least one part, each
 * part a header block ended by an empty line, and ends with the close delimiter, followed by at
 * most a line break. Anything else (JSON under a multipart label, another boundary, a cut body) is not.
 */
export function isWellFormedMultipart(bytes: Buffer, boundary: string): boolean {
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.concat([CRLF, dash]);
  if (!bytes.subarray(0, dash.length).equals(dash)) return false;
  let at = dash.length;
  let parts = 0;
  for (;;) {
    // After a delimiter: `--` closes the body; otherwise padding and CRLF open a part.
    if (bytes[at] === 0x2d && bytes[at + 1] === 0x2d) {
      const rest = bytes.subarray(at + 2);
      return parts > 0 && (rest.length === 0 || (rest.length === 2 && rest.equals(CRLF)));
    }
    const start = paddingThenCrlf(bytes, at);
    if (start < 0) return false;
    // A part with no header fields starts with the empty line at once.
    const headersEnd = bytes[start] === 0x0d && bytes[start + 1] === 0x0a ? start - 2 : bytes.indexOf(HEADERS_END, start);
    if (headersEnd < 0) return false;
    const next = bytes.indexOf(delimiter, start - 2);
    // The header block ends before the next delimiter.
    if (next < headersEnd + 2) return false;
    parts++;
    at = next + delimiter.length;
  }
}
