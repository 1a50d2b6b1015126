import { validateHeaderValue } from 'node:http';
import type { UpstreamHeaders } from './request-file.js';

/** What identifies and frames the file: passed from Zoom's answer to the client (docs/contract.md). */
const PASSED = [
  'content-type',
  'content-length',
  'content-disposition',
  'accept-ranges',
  'content-range',
  'etag',
  'last-modified',
  // Not asked for (no Accept-Encoding goes out), but if a file host encodes anyway, the bytes need it.
  'content-encoding',
] as const;

/** The first value of a header of Zoom's (a repeated header is an array). */
export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The response headers of a download: the ones above when Zoom sent them and Node accepts them,
 * nothing else of Zoom's (no cookies, no caching rules of the CDN), `Cache-Control: private` so
 * a shared cache in front of the proxy never keeps a recording for someone else, and
 * `X-Content-Type-Options: nosniff`: chat and transcript files are text written by participants and
 * served from the proxy's origin, so a browser must take them as the type Zoom names, never sniff
 * them into HTML.
 */
export function passedHeaders(headers: UpstreamHeaders): Record<string, string> {
  const out: Record<string, string> = { 'cache-control': 'private', 'x-content-type-options': 'nosniff' };
  for (const name of PASSED) {
    const value = firstHeader(headers[name]);
    if (value === undefined) continue;
    try {
      validateHeaderValue(name, value);
      out[name] = value;
    } catch {
      // A value Node would refuse to write (a raw control character): dropped rather than failing the download.
    }
  }
  return out;
}
