import { ProxyError } from '../errors.js';
import { withoutBom } from '../http/utf8-bom.js';
import { REWRITE_MAX_DEPTH, locateJsonLinks } from '../links/locate-json-links.js';

/** A Zoom event as read (for its name, its id and its files); what subscribers get is made from its bytes. */
export interface ZoomEvent {
  /** `event`: `recording.completed`, `endpoint.url_validation`, ... */
  name: string;
  /** The whole JSON object. */
  json: Record<string, unknown>;
}

const NOT_JSON = 'The webhook body is not a JSON object with an "event" name.';
/** Fatal: JSON is UTF-8 (RFC 8259, 8.1), and a body that is not would reach subscribers other than Zoom wrote it. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** Only the nesting: `JSON.parse` of a deeply nested megabyte blocks the event loop. */
const NESTING = { maxLinks: Number.POSITIVE_INFINITY, maxDepth: REWRITE_MAX_DEPTH };

/** The event in a signed body, or `400 bad_request` when the body is not UTF-8 JSON, nests too deep, or is not an object with an `event`. */
export function parseEvent(body: Buffer): ZoomEvent {
  const bytes = withoutBom(body);
  if (locateJsonLinks(bytes, NESTING) !== undefined) throw new ProxyError('bad_request', { message: NOT_JSON });
  let json: unknown;
  try {
    json = JSON.parse(UTF8.decode(bytes));
  } catch {
    throw new ProxyError('bad_request', { message: NOT_JSON });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ProxyError('bad_request', { message: NOT_JSON });
  const name = (json as { event?: unknown }).event;
  if (typeof name !== 'string' || name === '') throw new ProxyError('bad_request', { message: NOT_JSON });
  return { name, json: json as Record<string, unknown> };
}
