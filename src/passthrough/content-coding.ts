/**
 * Content codings (RFC 9110 section 8.4) for responses the proxy rewrites: which ones it can decode,
 * decoding with a cap on the decoded size (a small gzip can inflate to gigabytes), encoding again,
 * and reading `Accept-Encoding`.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type Coding = 'gzip' | 'deflate' | 'br';

/** The codings the proxy decodes: what it lets Zoom use. */
export const DECODABLE: readonly Coding[] = ['gzip', 'deflate', 'br'];

/**
 * The coding of a `Content-Encoding` value: 'identity' for none, undefined for one the proxy cannot
 * decode (an unknown coding, or several stacked).
 */
export function codingOf(contentEncoding: string | undefined): Coding | 'identity' | undefined {
  if (contentEncoding === undefined) return 'identity';
  const value = contentEncoding.trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate' || value === 'br') return value;
  return undefined;
}

interface Preference {
  coding: string;
  q: number;
}

function parseAccept(header: string): Preference[] {
  const out: Preference[] = [];
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    if (coding === '') continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key?.trim().toLowerCase() === 'q') {
        const parsed = Number(value?.trim());
        q = Number.isFinite(parsed) ? Math.min(1, Math.max(0, parsed)) : 0;
      }
    }
    out.push({ coding: coding === 'x-gzip' ? 'gzip' : coding, q });
  }
  return out;
}

/**
 * Whether the client takes `coding`. No `Accept-Encoding` at all is read as identity only: what
 * clients without the header expect in practice, though RFC 9110 would allow any coding.
 */
export function accepts(acceptEncoding: string | undefined, coding: Coding | 'identity'): boolean {
  if (acceptEncoding === undefined) return coding === 'identity';
  const prefs = parseAccept(acceptEncoding);
  const own = prefs.find((p) => p.coding === coding);
  if (own) return own.q > 0;
  const star = prefs.find((p) => p.coding === '*');
  if (star) return star.q > 0;
  return coding === 'identity';
}

/**
 * The `Accept-Encoding` to send Zoom: the client's, narrowed to the codings the proxy can decode
 * (so it can always rewrite what comes back), `*` spelled out. Undefined: send none.
 */
export function acceptEncodingForZoom(acceptEncoding: string | undefined): string | undefined {
  if (acceptEncoding === undefined) return undefined;
  const prefs = parseAccept(acceptEncoding);
  const kept = new Map<string, number>();
  for (const p of prefs) if (p.coding === 'identity' || (DECODABLE as readonly string[]).includes(p.coding)) kept.set(p.coding, p.q);
  const star = prefs.find((p) => p.coding === '*');
  if (star) for (const coding of DECODABLE) if (!kept.has(coding)) kept.set(coding, star.q);
  const parts: string[] = [];
  for (const [coding, q] of kept) parts.push(q === 1 ? coding : `${coding};q=${q}`);
  return parts.length > 0 ? parts.join(', ') : 'identity';
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);
const gzip = promisify(zlib.gzip);
const deflate = promisify(zlib.deflate);
const brotliCompress = promisify(zlib.brotliCompress);

/**
 * The decoded body, or undefined when it is corrupt or would decode to more than `maxBytes` (the
 * caller then passes Zoom's bytes on as they are).
 */
export async function decodeBody(body: Buffer, coding: Coding | 'identity', maxBytes: number): Promise<Buffer | undefined> {
  if (coding === 'identity') return body;
  const options = { maxOutputLength: maxBytes };
  try {
    if (coding === 'gzip') return await gunzip(body, options);
    if (coding === 'br') return await brotliDecompress(body, options);
    try {
      return await inflate(body, options);
    } catch {
      // "deflate" is zlib-wrapped (RFC 9110 section 8.4.1.2), but some servers send it raw.
      return await inflateRaw(body, options);
    }
  } catch {
    return undefined;
  }
}

/**
 * Encode a rewritten body again. Moderate levels: the body is small JSON that compresses well at any
 * level, and the proxy's CPU is better spent answering (brotli's default, 11, is very slow).
 */
export function encodeBody(body: Buffer, coding: Coding | 'identity'): Promise<Buffer> {
  if (coding === 'identity') return Promise.resolve(body);
  if (coding === 'gzip') return gzip(body, { level: 4 });
  if (coding === 'deflate') return deflate(body, { level: 4 });
  return brotliCompress(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
}
