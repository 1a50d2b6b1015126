/**
 * Zoom's API compresses its JSON when asked (`Accept-Encoding`); with `compressJson` on, so does the
 * simulator: gzip, br or deflate, the first the request accepts in that order of preference (q=0
 * refuses). Other answers, and requests that accept none of them, are left as they are.
 */
import zlib from 'node:zlib';
import type { SimResponse } from './response.js';

const CODINGS = ['gzip', 'br', 'deflate'] as const;
type Coding = (typeof CODINGS)[number];

/** The codings a request accepts, by name, with their q-values. */
function accepted(header: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (name === '') continue;
    const q = params.find((p) => p.startsWith('q='));
    out.set(name === 'x-gzip' ? 'gzip' : name, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  return out;
}

function pick(header: string | undefined): Coding | undefined {
  const prefs = accepted(header);
  const star = prefs.get('*') ?? 0;
  return CODINGS.find((c) => (prefs.get(c) ?? star) > 0);
}

function encode(body: Buffer, coding: Coding): Buffer {
  if (coding === 'gzip') return zlib.gzipSync(body);
  if (coding === 'br') return zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
  return zlib.deflateSync(body);
}

/** The answer compressed for `acceptEncoding` when it is a JSON buffer, else unchanged. */
export function compressJson(out: SimResponse, acceptEncoding: string | undefined): SimResponse {
  if (!Buffer.isBuffer(out.body) || !/json/i.test(String(out.headers['content-type'] ?? ''))) return out;
  const coding = pick(acceptEncoding);
  if (coding === undefined) return out;
  return { ...out, headers: { ...out.headers, 'content-encoding': coding, vary: 'Accept-Encoding' }, body: encode(out.body, coding) };
}
