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

/**
 * Fields that speak for the origin that sent them: Zoom's cookies and Zoom's HSTS policy. Passed on,
 * the client would take them as the proxy's origin's (a cookie set on the proxy's host, HSTS pinning
 * it and, with `includeSubDomains`, its sibling hosts to https for a year).
 */
export const ORIGIN_BOUND: readonly string[] = ['set-cookie', 'strict-transport-security'];

/** `base` plus the ORIGIN_BOUND fields not in `keep`: built once, so the per-answer filter allocates nothing. */
export function dropSet(base: Iterable<string>, keep: readonly string[]): ReadonlySet<string> {
  const drop = new Set(base);
  for (const name of ORIGIN_BOUND) if (!keep.includes(name)) drop.add(name);
  return drop;
}

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

const ONLY_HOP_BY_HOP = /^\s*(?:keep-alive|close)\s*$/i;

/**
 * The field names that the `Connection` fields of a raw `[name, value, ...]` list name, besides the
 * hop-by-hop ones: undefined for the usual `Connection: keep-alive` or `close` (read on every request
 * and every answer, so that case allocates nothing).
 */
export function connectionListedIn(raw: readonly string[]): string[] | undefined {
  let listed: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length !== 10 || name.toLowerCase() !== 'connection') continue;
    const value = raw[i + 1] as string;
    if (ONLY_HOP_BY_HOP.test(value)) continue;
    for (const listedName of connectionListed(value)) if (!HOP_BY_HOP.has(listedName)) (listed ??= []).push(listedName);
  }
  return listed;
}
