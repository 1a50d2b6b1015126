/** After one decode: an escape (itself escaped any number of times) of a dot or a backslash. */
const ESCAPED_DOT_OR_BACKSLASH = /%(?:25)*(?:2e|5c)/i;
/** After one decode: an escape (itself escaped any number of times) of a slash. */
const ESCAPED_SLASH = /%(?:25)*2f/gi;
/**
 * A path parameter (RFC 3986, 3.3): from a `;`, plain or escaped any number of times, to the end of
 * the piece. Servers that honour them (Tomcat, Spring) read `..;x` as `..`.
 */
const PATH_PARAMETER = /(?:;|%(?:25)*3b)[^]*$/i;

/**
 * Whether a request path has a `.` or `..` segment, written plainly, percent-encoded (`%2e%2e`),
 * encoded twice or more (`%252e%252e`), or hidden behind an encoded slash (`x%2F..%2F`, `..%252F`) or
 * backslash. The passthrough sends paths to Zoom byte for byte (double-encoded UUIDs need it), so a
 * dot segment would reach Zoom's edge with the proxy's token, and a server that resolves it (RFC 3986,
 * 5.2.4), once or after a second decode, would serve a path outside `/v2` (`/v2/../oauth/token`).
 * No Zoom API path has such a segment, and no Zoom id holds a dot or a backslash to encode twice, so
 * a segment that still holds an escaped dot or backslash after its decode is counted as one too, and
 * so is `..;x` (a dot segment with a path parameter, which some servers read as `..`).
 * An escaped slash after the decode (`%252F`) is legitimate: it is how Zoom takes a meeting UUID
 * with a `/`. The query is not looked at.
 */
export function hasDotSegment(path: string): boolean {
  const queryAt = path.indexOf('?');
  const bare = queryAt < 0 ? path : path.slice(0, queryAt);
  if (!bare.includes('.') && !/%2[e5]/i.test(bare)) return false; // the common case, checked cheaply
  for (const segment of bare.split('/')) {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // A malformed escape is not a dot segment (hasUndecodableSegment refuses it).
    }
    if (ESCAPED_DOT_OR_BACKSLASH.test(decoded)) return true;
    for (const piece of decoded.replace(ESCAPED_SLASH, '/').split(/[/\\]/)) {
      const name = piece.replace(PATH_PARAMETER, '');
      if (name === '.' || name === '..') return true;
    }
  }
  return false;
}

/**
 * Whether a segment of the path (the query is not looked at) is not valid percent-encoding of UTF-8
 * (`%zz`, `%E0%A4`, a lone `%`). What such a segment means depends on the decoder, so the proxy's
 * checks and Zoom's edge could read two different paths.
 */
export function hasUndecodableSegment(path: string): boolean {
  const queryAt = path.indexOf('?');
  const bare = queryAt < 0 ? path : path.slice(0, queryAt);
  if (!bare.includes('%')) return false;
  try {
    decodeURIComponent(bare);
    return false;
  } catch {
    return true;
  }
}
