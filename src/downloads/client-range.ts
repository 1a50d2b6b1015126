import type { IncomingHttpHeaders } from 'node:http';
import { firstHeader } from './passed-headers.js';

const SINGLE_RANGE = /^\s*bytes\s*=\s*(\d{0,15})\s*-\s*(\d{0,15})\s*$/i;
const MAX_IF_RANGE = 200;

/**
 * The client's `Range` and `If-Range`, as they go to Zoom: one byte range, written canonically, and
 * its `If-Range` when short and printable (else neither: a condition dropped would make the range
 * unconditional). Several ranges are dropped (RFC 9110 lets a server ignore Range; the whole file
 * comes back as 200), which keeps every answer resumable by one Content-Range.
 */
export function clientRangeHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const m = SINGLE_RANGE.exec(headers.range ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return {};
  const out: Record<string, string> = { range: `bytes=${m[1]}-${m[2]}` };
  const ifRange = headers['if-range'];
  if (ifRange === undefined) return out;
  // A condition that cannot be forwarded must not become an unconditional Range: ask for the whole file.
  if (typeof ifRange !== 'string' || ifRange.length > MAX_IF_RANGE || !/^[\x20-\x7e]+$/.test(ifRange)) return {};
  out['if-range'] = ifRange.trim();
  return out;
}

/**
 * Whether a 206 answers the client's `If-Range` (RFC 9110 §13.1.5): a strong ETag equal to the
 * answer's, or a date equal to its Last-Modified; a weak ETag never holds. A file host that dropped
 * If-Range (CloudFront may) would otherwise hand out a range of another version.
 */
export function ifRangeHolds(ifRange: string, headers: Record<string, string | string[] | undefined>): boolean {
  if (ifRange.startsWith('W/')) return false;
  if (ifRange.startsWith('"')) return firstHeader(headers.etag) === ifRange;
  const lastModified = firstHeader(headers['last-modified']);
  return lastModified !== undefined && !Number.isNaN(Date.parse(ifRange)) && Date.parse(lastModified) === Date.parse(ifRange);
}
