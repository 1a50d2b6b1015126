import type { Request, Response } from 'express';
import type { ProxyError } from '../errors.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** A browser that follows a link asks for HTML; everything else gets the contract's JSON error. */
export function wantsHtml(req: Request): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

/**
 * Answers an error: `{"error":{"code","message"}}`, or a small page with the same sentence for a
 * browser. When headers already went out (a download failing mid-body) the only honest signal left
 * is to abort the connection, so the client never takes a short body for a complete one.
 */
export function sendError(req: Request, res: Response, err: ProxyError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(err.status);
  res.set(err.headers);
  res.set('cache-control', 'no-store');
  if (wantsHtml(req)) {
    res.type('html').send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Zoom link proxy: ${err.status}</title></head>` +
        `<body><h1>This link could not be opened</h1><p>${escapeHtml(err.message)}</p><p><small>${err.code}</small></p></body></html>`,
    );
    return;
  }
  res.json({ error: { code: err.code, message: err.message } });
}
