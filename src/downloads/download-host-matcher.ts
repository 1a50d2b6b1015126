/**
 * Whether a URL may be asked for a recording (`zoom.downloadHosts`, docs/downloads.md): an `http:` or
 * `https:` URL without credentials whose host is in the list, `zoom.us` exactly or, written
 * `*.zoom.us`, any subdomain of it (not `zoom.us` itself). The list has no ports, so the port plays
 * no part. Checked for the first URL and for every redirect, before anything is sent.
 */
export function createDownloadHostMatcher(hosts: readonly string[]): (url: URL) => boolean {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const host of hosts) {
    const lower = host.toLowerCase();
    if (lower.startsWith('*.')) suffixes.push(lower.slice(1));
    else exact.add(lower);
  }
  return (url) => {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
    if (url.username !== '' || url.password !== '') return false;
    const host = url.hostname.toLowerCase();
    return exact.has(host) || suffixes.some((suffix) => host.length > suffix.length && host.endsWith(suffix));
  };
}
