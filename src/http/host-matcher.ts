/**
 * Whether a URL's host is in a configured list of host names (`zoom.downloadHosts`, where recording
 * downloads and their redirects may go; `zoom.startHosts`, where a start redirect may carry a fresh
 * ZAK): an `http:` or `https:` URL without credentials whose host is `zoom.us` exactly or, written
 * `*.zoom.us`, any subdomain of it (not `zoom.us` itself). Host names are compared lowercased; the
 * lists have no ports, so the port plays no part. The one host matcher of the proxy.
 */
export function createHostMatcher(hosts: readonly string[]): (url: URL) => boolean {
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
