import type { FileResponse } from './request-file.js';

/**
 * How Zoom says "not authorized" for a recording (docs/zoom.md, "Cloud recordings"): a `200 text/html`
 * page ("Only the host can download this recording") where the file should be, or a JSON error, or
 * a 401/403.
 * - `token`: Zoom's own host, the one that got the token, refused: drop the token and mint another.
 * - `file_host`: a host a redirect named refused (say, a pre-signed URL that expired on the way):
 *   the token played no part, but asking Zoom again gets a fresh URL.
 * No recording file is HTML, so HTML is a refusal from any host. JSON is one only from the host
 * first called: after a redirect it is the file itself (TIMELINE and SUMMARY files are JSON).
 */
export type Refusal = 'token' | 'file_host';

export function mediaTypeOf(contentType: string | string[] | undefined): string {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

function isJson(type: string): boolean {
  return type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

export function refusalOf(upstream: FileResponse, firstUrl: URL): Refusal | undefined {
  const fromZoom = upstream.url.origin === firstUrl.origin;
  const who: Refusal = fromZoom ? 'token' : 'file_host';
  if (upstream.status === 401 || upstream.status === 403) return who;
  if (upstream.status < 200 || upstream.status >= 300) return undefined;
  const type = mediaTypeOf(upstream.headers['content-type']);
  if (type === 'text/html' || type === 'application/xhtml+xml') return who;
  if (fromZoom && isJson(type)) return 'token';
  return undefined;
}
