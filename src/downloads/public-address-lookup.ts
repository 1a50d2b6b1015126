import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { ProxyError } from '../errors.js';

/** An IPv4 address's two 16-bit halves, in hex, as IPv6 text writes them. */
function sixteenBitGroups(ipv4: string): [string, string] {
  const [a, b, c, d] = ipv4.split('.').map(Number) as [number, number, number, number];
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}

/**
 * Addresses a download host's name may not resolve to (docs/downloads.md, "Addresses"): "this
 * network", loopback, private (RFC 1918), shared (CGNAT, RFC 6598), link-local, IETF protocol
 * assignments (192.0.0/24), documentation (RFC 5737, RFC 3849), benchmarking (RFC 2544), multicast,
 * reserved (240/4, broadcast included), unique-local (RFC 4193), local-use NAT64 (RFC 8215), and each
 * IPv4 range as NAT64 and 6to4 carry it. Node's BlockList matches an IPv4 rule on its IPv4-mapped
 * IPv6 forms too (`::ffff:10.0.0.1`, `::ffff:a00:1`); `::/96` covers `::`, `::1` and the old
 * IPv4-compatible forms.
 */
const NOT_PUBLIC_IPV4 = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const;
const NOT_PUBLIC_IPV6 = [['::', 96], ['64:ff9b:1::', 48], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const;

const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of NOT_PUBLIC_IPV4) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
  // The same range carried in IPv6 and handed on to IPv4 by a gateway: NAT64 (64:ff9b::/96, which a
  // DNS64 resolver answers for any IPv4-only name) and 6to4 (2002::/16).
  const [hi, lo] = sixteenBitGroups(net);
  NOT_PUBLIC.addSubnet(`64:ff9b::${hi}:${lo}`, 96 + prefix, 'ipv6');
  NOT_PUBLIC.addSubnet(`2002:${hi}:${lo}::`, 16 + prefix, 'ipv6');
}
for (const [net, prefix] of NOT_PUBLIC_IPV6) NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** Whether `address` (as a resolver answers it: dotted IPv4 or IPv6 text) is outside every range above. */
export function isPublicAddress(address: string, family: number): boolean {
  return !NOT_PUBLIC.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * A `lookup` for the download agents: `lookup`'s answer with every non-public address taken out, so
 * a host name in `zoom.downloadHosts` that a DNS answer points at the inside is refused
 * (`zoom_redirect_refused`) at the connection itself, on the addresses the socket will use: there
 * is no second look-up to race. Node does not call it for an IP literal, so an address written in
 * `zoom.downloadHosts` (127.0.0.1 in tests and the demo) is taken as written.
 */
export function createPublicAddressLookup(lookup: LookupFunction = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, answer) => {
      if (err) return callback(err, '', 0);
      const all = (Array.isArray(answer) ? answer : [{ address: answer, family: isIP(answer) }]);
      const kept = all.filter((a) => isPublicAddress(a.address, a.family));
      if (kept.length === 0) {
        const refused = new ProxyError('zoom_redirect_refused', { message: 'A download host in zoom.downloadHosts resolves to a private or loopback address; the proxy will not connect to it.' });
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, addresses: LookupAddress[]) => void)(null, kept);
      callback(null, kept[0]!.address, kept[0]!.family);
    });
  };
}
