/**
 * The link rewrite as users write it by hand in an http-proxy-middleware `responseInterceptor`:
 * parse the JSON, walk it, replace every `start_url` and `download_url`, serialise it again. The
 * links are signed with the proxy's own link builder, so both pay the same HMAC per link and only
 * the way the body is handled differs.
 */
import type { LinkBuilder } from '../../src/links/link-builder.js';

export function rewriteJsonLinks(value: unknown, links: LinkBuilder): void {
  if (Array.isArray(value)) {
    for (const item of value) rewriteJsonLinks(item, links);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(object)) {
    if (key === 'start_url' && typeof field === 'string' && (typeof object.id === 'number' || typeof object.id === 'string')) {
      object[key] = links.startLink(String(object.id));
    } else if (key === 'download_url' && typeof field === 'string') {
      object[key] = links.downloadLink(field);
    } else {
      rewriteJsonLinks(field, links);
    }
  }
}
