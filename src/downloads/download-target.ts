/**
 * Where a download goes at Zoom: the URL a signed link carries, or the drop-in path on Zoom's web
 * host. Query credentials (`zak`, `access_token`) never go to Zoom: the proxy's Bearer token
 * replaces them (Zoom refuses query tokens since Feb 2023 anyway, docs/zoom.md).
 */

const ENCODED = /^[A-Za-z0-9_-]{1,8192}$/;
const QUERY_CREDENTIALS = new Set(['zak', 'access_token']);
/** Zoom's drop-in download paths (docs/zoom.md: `/rec/download/...`, `/rec/archive/download/...`). */
const DROP_IN_PATH = /^\/rec\/(?:download|archive)\/[^?#]+$/;
/** Encoded dots, slashes and backslashes, or dot segments: a way out of /rec/ on some servers. */
const PATH_TRICKS = /%2e|%2f|%5c|\\|(?:^|\/)\.{1,2}(?:\/|$)/i;

/** Whether `path` (no query) is one of Zoom's drop-in download paths, without a way out of it. */
export function isDropInPath(path: string): boolean {
  return DROP_IN_PATH.test(path) && !PATH_TRICKS.test(path);
}

/**
 * The Zoom URL inside `/download/{base64url(zoomUrl)}`, or undefined when the segment is not the
 * canonical base64url of a UTF-8 string (so one link has one spelling, and the signature covers it).
 */
export function decodeLinkSubject(encoded: string): string | undefined {
  if (!ENCODED.test(encoded)) return undefined;
  const subject = Buffer.from(encoded, 'base64url').toString('utf8');
  return Buffer.from(subject, 'utf8').toString('base64url') === encoded ? subject : undefined;
}

function decodedName(pair: string): string {
  const name = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

/** The query without `zak` and `access_token` (by decoded, case-insensitive name); the rest kept byte for byte. */
export function dropQueryCredentials(query: string): string {
  return query
    .split('&')
    .filter((pair) => pair !== '' && !QUERY_CREDENTIALS.has(decodedName(pair)))
    .join('&');
}

/** `url` with its query credentials dropped. */
export function withoutQueryCredentials(url: URL): URL {
  const out = new URL(url.href);
  const query = dropQueryCredentials(url.search.slice(1));
  out.search = query === '' ? '' : `?${query}`;
  out.hash = '';
  return out;
}

/**
 * `{webUrl}{path}?{query}` for a drop-in request (`rawUrl` as received: encoding untouched), or
 * undefined when the path is not one of Zoom's download paths or tries to climb out of it.
 */
export function dropInTarget(webUrl: string, rawUrl: string): URL | undefined {
  const at = rawUrl.indexOf('?');
  const path = at < 0 ? rawUrl : rawUrl.slice(0, at);
  if (!isDropInPath(path)) return undefined;
  const query = at < 0 ? '' : dropQueryCredentials(rawUrl.slice(at + 1));
  let url: URL;
  try {
    url = new URL(`${webUrl}${path}${query === '' ? '' : `?${query}`}`);
  } catch {
    return undefined;
  }
  // Nothing normalised away or re-encoded: Zoom gets the path exactly as the client sent it.
  const base = new URL(webUrl).pathname.replace(/\/+$/, '');
  return url.pathname === `${base}${path}` ? url : undefined;
}
