import type { ServerResponse } from 'node:http';
import { HOP_BY_HOP, connectionListedIn } from '../http/hop-headers.js';

/**
 * Zoom's header fields to pass back, as a flat `[name, value, ...]` list in Zoom's order and
 * spelling, duplicates kept (Set-Cookie): all but the hop-by-hop ones, those Zoom's `Connection`
 * names, and `drop` (lowercased names the caller sets itself).
 */
export function responseHeaders(rawHeaders: readonly string[], drop?: ReadonlySet<string>): string[] {
  const listed = connectionListedIn(rawHeaders);
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || drop?.has(lower) || listed?.includes(lower)) continue;
    out.push(name, rawHeaders[i + 1] as string);
  }
  return out;
}

/**
 * Write the status line and `headers` once. Fields set earlier with setHeader (the shutdown's
 * `Connection: close`) are kept: node would otherwise merge a flat list by overwriting, and lose
 * duplicates such as several Set-Cookie.
 */
export function writeResponseHead(res: ServerResponse, status: number, headers: readonly string[]): void {
  if (res.getHeaderNames().length === 0) {
    res.writeHead(status, headers as string[]);
    return;
  }
  for (let i = 0; i < headers.length; i += 2) res.appendHeader(headers[i] as string, headers[i + 1] as string);
  res.writeHead(status);
}
