/**
 * Zoom's list paging: `page_size` (default 30, at most 300) and an opaque `next_page_token` that
 * expires after 15 minutes. The token is signed and carries its offset, so no state is kept.
 */
import { createHmac } from 'node:crypto';

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 300;
const TOKEN_TTL_MS = 15 * 60_000;

export interface PageDeps {
  secret: Buffer;
  clock: () => number;
}

export type Page<T> = { items: T[]; pageSize: number; nextPageToken: string; total: number } | { error: string };

function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 16);
}

/**
 * The page of `all` the query asks for. `scope` names the list (route and its filters) so a token
 * from one list is refused by another.
 */
export function paginate<T>(deps: PageDeps, query: URLSearchParams, scope: string, all: T[]): Page<T> {
  const sizeParam = query.get('page_size');
  let pageSize = DEFAULT_PAGE_SIZE;
  if (sizeParam !== null && sizeParam !== '') {
    if (!/^\d+$/.test(sizeParam) || Number(sizeParam) < 1) return { error: 'Invalid field: page_size.' };
    // [?] Zoom is not documented to refuse a larger page_size; it answers at most 300.
    pageSize = Math.min(Number(sizeParam), MAX_PAGE_SIZE);
  }
  let offset = 0;
  const token = query.get('next_page_token');
  if (token) {
    const [payload = '', mac = ''] = token.split('.');
    const [off, expires, tokenScope] = Buffer.from(payload, 'base64url').toString('utf8').split('|');
    if (mac !== sign(deps.secret, payload) || tokenScope !== scope || Number(expires) <= deps.clock()) {
      return { error: 'The next page token is invalid or expired.' };
    }
    offset = Number(off);
  }
  const items = all.slice(offset, offset + pageSize);
  let nextPageToken = '';
  if (offset + pageSize < all.length) {
    const payload = Buffer.from(`${offset + pageSize}|${deps.clock() + TOKEN_TTL_MS}|${scope}`).toString('base64url');
    nextPageToken = `${payload}.${sign(deps.secret, payload)}`;
  }
  return { items, pageSize, nextPageToken, total: all.length };
}
