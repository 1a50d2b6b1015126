/**
 * Whether a request path has a `.` or `..` segment, written plainly, percent-encoded (`%2e%2e`), or
 * hidden behind an encoded slash (`x%2F..%2F`) or backslash. The passthrough sends paths to Zoom byte
 * for byte (double-encoded UUIDs need it), so a dot segment would reach Zoom's edge with the proxy's
 * token, and a server that resolves it (RFC 3986, 5.2.4) would serve a path outside `/v2`
 * (`/v2/../oauth/token`). No Zoom API path has such a segment: refusing them costs nothing.
 * The query is not looked at.
 */
export function hasDotSegment(path: string): boolean {
  const queryAt = path.indexOf('?');
  const bare = queryAt < 0 ? path : path.slice(0, queryAt);
  if (!bare.includes('.') && !/%2e/i.test(bare)) return false; // the common case, checked cheaply
  for (const segment of bare.split('/')) {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // A malformed escape is not a dot segment; Zoom answers it.
    }
    for (const piece of decoded.split(/[/\\]/)) if (piece === '.' || piece === '..') return true;
  }
  return false;
}
