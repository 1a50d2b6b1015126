import type { IncomingHttpHeaders } from 'node:http';

const SINGLE_RANGE = /^\s*bytes\s*=\s*(\d{0,15})\s*-\s*(\d{0,15})\s*$/i;
const MAX_IF_RANGE = 200;

/**
 * The client's `Range` and `If-Range`, as they go to Zoom: one byte range, written canonically, and
 * its `If-Range` when short and printable. Several ranges are dropped (RFC 9110 lets a server ignore
 * Range; the whole file comes back as 200), which keeps every answer resumable by one Content-Range.
 */
export function clientRangeHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const m = SINGLE_RANGE.exec(headers.range ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return {};
  const out: Record<string, string> = { range: `bytes=${m[1]}-${m[2]}` };
  const ifRange = headers['if-range'];
  if (typeof ifRange === 'string' && ifRange.length <= MAX_IF_RANGE && /^[\x20-\x7e]+$/.test(ifRange)) out['if-range'] = ifRange.trim();
  return out;
}
