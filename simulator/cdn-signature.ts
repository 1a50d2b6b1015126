/**
 * The pre-signed CDN URL a good download redirects to: the URL itself is the credential (like a
 * CloudFront or S3 pre-signed URL), so the CDN needs no Authorization header and refuses one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** [?] Zoom's CDN links are short-lived; ten minutes here, so a stale one can be tested. */
export const CDN_URL_TTL_SECONDS = 600;

function mac(secret: Buffer, fileId: string, expires: number): Buffer {
  return createHmac('sha256', secret).update(`file/${fileId}\n${expires}`).digest();
}

export function signedCdnUrl(cdnUrl: string, secret: Buffer, fileId: string, nowMs: number): string {
  const expires = Math.floor(nowMs / 1000) + CDN_URL_TTL_SECONDS;
  const signature = mac(secret, fileId, expires).toString('hex');
  return `${cdnUrl}/file/${encodeURIComponent(fileId)}?expires=${expires}&signature=${signature}`;
}

/** Whether the query's signature is ours for this file and has not expired. */
export function checkCdnSignature(query: URLSearchParams, secret: Buffer, fileId: string, nowMs: number): 'ok' | 'bad' | 'expired' {
  const expiresText = query.get('expires') ?? '';
  const given = Buffer.from(query.get('signature') ?? '', 'hex');
  if (!/^\d+$/.test(expiresText)) return 'bad';
  const expected = mac(secret, fileId, Number(expiresText));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad';
  return Number(expiresText) * 1000 <= nowMs ? 'expired' : 'ok';
}
