import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode, ProxyError } from '../errors.js';
import { escapeHtml } from './escape-html.js';

/** The page's heading: most errors a browser meets come from following a link the proxy handed out. */
const HEADINGS: Partial<Record<ErrorCode, string>> = { not_found: 'Nothing here' };
const DEFAULT_HEADING = 'This link could not be opened';

/** The viewport line makes a phone lay the page out at its own width instead of a shrunk desktop one. */
const PAGE_HEAD =
  '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem 1.25rem;color:#222}' +
  'h1{font-size:1.4rem;line-height:1.25}small{color:#666}</style>';

function errorPage(err: ProxyError): string {
  const heading = HEADINGS[err.code] ?? DEFAULT_HEADING;
  return (
    `<!doctype html><html lang="en"><head>${PAGE_HEAD}<title>Zoom link proxy: ${err.status}</title></head>` +
    `<body><h1>${heading}</h1><p>${escapeHtml(err.message)}</p><p><small>${err.code}</small></p></body></html>`
  );
}

/** A browser that follows a link asks for HTML; everything else gets the contract's JSON error. */
export function wantsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

/**
 * Answers an error: `{"error":{"code","message"}}`, or a small page with the same sentence for a
 * browser. When headers already went out (a download failing mid-body) the only honest signal left
 * is to abort the connection, so the client never takes a short body for a complete one. Written
 * with node:http's own API so the routes outside Express (the `/v2` passthrough) answer alike.
 */
export function sendError(req: IncomingMessage, res: ServerResponse, err: ProxyError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (res.destroyed) return;
  res.statusCode = err.status;
  for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
  res.setHeader('cache-control', 'no-store');
  let body: string;
  if (wantsHtml(req)) {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    body = errorPage(err);
  } else {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    body = JSON.stringify({ error: { code: err.code, message: err.message } });
  }
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
