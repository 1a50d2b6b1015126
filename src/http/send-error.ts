import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyError } from '../errors.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

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
    body =
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Zoom link proxy: ${err.status}</title></head>` +
      `<body><h1>This link could not be opened</h1><p>${escapeHtml(err.message)}</p><p><small>${err.code}</small></p></body></html>`;
  } else {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    body = JSON.stringify({ error: { code: err.code, message: err.message } });
  }
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
