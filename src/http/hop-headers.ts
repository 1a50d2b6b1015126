/**
 * Connection-specific header fields: they describe one hop, so a proxy neither forwards them nor
 * passes them back (RFC 9110 section 7.6.1), and neither does it forward the fields the `Connection`
 * header names. `proxy-connection` and `keep-alive` are the pre-RFC spellings still seen in the wild.
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The lowercased field names a `Connection` header lists (`close` and `keep-alive` included). */
export function connectionListed(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const names: string[] = [];
  for (const part of (Array.isArray(value) ? value.join(',') : value).split(',')) {
    const name = part.trim().toLowerCase();
    if (name !== '') names.push(name);
  }
  return names;
}
