import { isIP, isIPv4, isIPv6 } from 'node:net';

/**
 * What kind of place a host name or address written in the configuration names. Pure string work:
 * nothing is resolved (a name that resolves to loopback is not known to be loopback here).
 */

function unbracketed(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Whether `host` is an unspecified address ("every interface"): `0.0.0.0` in any spelling the URL
 * parser accepts (`0`, `0.0`, `0x0`), or `::` in any spelling. Listening there is fine; a link that
 * names it reaches nothing.
 */
export function isUnspecifiedAddress(host: string): boolean {
  const bare = unbracketed(host);
  try {
    if (isIPv6(bare)) return new URL(`http://[${bare}]`).hostname === '[::]';
    return new URL(`http://${bare}`).hostname === '0.0.0.0';
  } catch {
    return false;
  }
}

/** Whether `hostname` (as `URL.hostname` writes it) is this machine: 127.0.0.0/8, `::1` (IPv4-mapped too) or `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = unbracketed(hostname.toLowerCase());
  if (host === 'localhost') return true;
  if (isIPv4(host)) return host.startsWith('127.');
  if (isIPv6(host)) return host === '::1' || /^::ffff:(?:7f[0-9a-f]{2}:[0-9a-f]{1,4}|127\.[\d.]+)$/.test(host);
  return false;
}

/** Whether `host` is an IP address literal (IPv6 with or without its brackets). */
export function isIpLiteral(host: string): boolean {
  return isIP(unbracketed(host)) !== 0;
}
