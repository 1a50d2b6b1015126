import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { test } from 'node:test';
import { ProxyError } from '../../../src/errors.js';
import { createPublicAddressLookup, isPublicAddress } from '../../../src/downloads/public-address-lookup.js';

/**
 * IPv6 forms that carry an IPv4 address the network hands on to it: NAT64 (64:ff9b::/96, RFC 6052;
 * a DNS64 resolver answers them for every IPv4-only name) and 6to4 (2002::/16, RFC 3056). One that
 * carries a private or loopback address (169.254.169.254, the cloud metadata service) leads inside.
 */
const INSIDE = [
  '64:ff9b::a9fe:a9fe', '64:ff9b::169.254.169.254', '64:ff9b::7f00:1', '64:ff9b::a00:1', '64:ff9b::c0a8:101', '64:ff9b::ac10:1', '64:ff9b::6440:1', '64:ff9b::1',
  '2002:a9fe:a9fe::1', '2002:7f00:1::', '2002:a00:1::1', '2002:c0a8:101::1',
];
const OUTSIDE = ['64:ff9b::808:808', '64:ff9b::aa72:3402', '2002:808:808::1'];

test('NAT64 and 6to4 addresses carrying a private or loopback IPv4 are not public; those carrying a public one are', () => {
  for (const address of INSIDE) assert.equal(isPublicAddress(address, 6), false, address);
  for (const address of OUTSIDE) assert.equal(isPublicAddress(address, 6), true, address);
});

test('a DNS64 answer pointing a download host at the metadata service is zoom_redirect_refused', async () => {
  const dns64: LookupFunction = (_hostname, options, callback) => {
    const all: LookupAddress[] = [{ address: '64:ff9b::a9fe:a9fe', family: isIP('64:ff9b::a9fe:a9fe') }];
    if (options.all) return (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, all);
    callback(null, all[0]!.address, all[0]!.family);
  };
  for (const all of [true, false]) {
    const err = await new Promise<Error | null>((done) => createPublicAddressLookup(dns64)('files.example', { all }, (e) => done(e)));
    assert.ok(err instanceof ProxyError, `all: ${all}`);
    assert.equal(err.code, 'zoom_redirect_refused');
  }
});
