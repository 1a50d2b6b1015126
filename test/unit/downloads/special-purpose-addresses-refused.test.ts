import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import { isPublicAddress } from '../../../src/downloads/public-address-lookup.js';

/**
 * Special-purpose ranges (RFC 6890's registries) that no Zoom download host answers from: each,
 * its edges, and its IPv4-mapped, NAT64 and 6to4 forms are refused; the addresses just outside
 * each range are public.
 */
const TABLE: ReadonlyArray<[address: string, refused: boolean, why: string]> = [
  ['64:ff9b:1::a', true, 'local-use NAT64 (RFC 8215)'],
  ['64:ff9b:1:ffff:ffff:ffff:ffff:ffff', true, 'local-use NAT64, last address'],
  ['64:ff9b:2::1', false, 'past local-use NAT64'],
  ['224.0.0.1', true, 'multicast'],
  ['239.255.255.250', true, 'multicast (SSDP)'],
  ['223.255.255.255', false, 'below multicast'],
  ['ff02::1', true, 'IPv6 multicast'],
  ['ff05::1:3', true, 'IPv6 multicast (site)'],
  ['fe00::1', false, 'below IPv6 multicast, above link-local'],
  ['198.18.0.1', true, 'benchmarking (RFC 2544)'],
  ['198.19.255.255', true, 'benchmarking, last address'],
  ['198.17.255.255', false, 'below benchmarking'],
  ['198.20.0.0', false, 'past benchmarking'],
  ['192.0.0.8', true, 'IETF protocol assignments'],
  ['192.0.0.170', true, 'IETF protocol assignments (NAT64 discovery)'],
  ['192.0.1.1', false, 'past IETF protocol assignments'],
  ['240.0.0.1', true, 'reserved'],
  ['255.255.255.255', true, 'limited broadcast'],
  ['192.0.2.1', true, 'documentation TEST-NET-1'],
  ['198.51.100.7', true, 'documentation TEST-NET-2'],
  ['203.0.113.9', true, 'documentation TEST-NET-3'],
  ['203.0.114.1', false, 'past TEST-NET-3'],
  ['2001:db8::5', true, 'IPv6 documentation'],
  ['2001:db9::1', false, 'past IPv6 documentation'],
  ['100.64.0.0', true, 'shared (CGNAT), first address'],
  ['100.127.255.255', true, 'shared (CGNAT), last address'],
  ['fc00::', true, 'unique-local, first address'],
  ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true, 'unique-local, last address'],
  ['fe80::1', true, 'link-local'],
  ['febf:ffff::1', true, 'link-local, last block'],
  ['fec0::1', false, 'past link-local (deprecated site-local, not refused)'],
  ['::ffff:224.0.0.251', true, 'IPv4-mapped multicast (mDNS)'],
  ['::ffff:c612:1', true, 'IPv4-mapped benchmarking, hex'],
  ['::ffff:255.255.255.255', true, 'IPv4-mapped broadcast'],
  ['::ffff:203.0.113.9', true, 'IPv4-mapped documentation'],
  ['::ffff:170.114.52.2', false, 'IPv4-mapped public'],
  ['64:ff9b::e000:1', true, 'NAT64 of multicast'],
  ['64:ff9b::198.18.0.1', true, 'NAT64 of benchmarking'],
  ['64:ff9b::aa72:3402', false, 'NAT64 of a public address'],
  ['2002:f000:1::1', true, '6to4 of reserved'],
  ['2002:c000:2ff::1', true, '6to4 of TEST-NET-1'],
  ['2002:aa72:3402::1', false, '6to4 of a public address'],
  ['170.114.52.2', false, 'public (Zoom)'],
  ['2600:1f18::1', false, 'public IPv6'],
];

test('multicast, reserved, benchmarking, documentation, IETF-assigned and local-use NAT64 addresses are refused in every form; their neighbours are public', () => {
  for (const [address, refused, why] of TABLE) assert.equal(isPublicAddress(address, isIP(address)), !refused, `${address}: ${why}`);
});
