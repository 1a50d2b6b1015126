import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { test } from 'node:test';
import { ProxyError } from '../../../src/errors.js';
import { createPublicAddressLookup, isPublicAddress } from '../../../src/downloads/public-address-lookup.js';

const NOT_PUBLIC = [
  '0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '100.64.0.1', '100.127.255.254', '127.0.0.1', '127.8.9.10',
  '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.168.1.1',
  '::', '::1', 'fe80::1', 'febf::1', 'fc00::1', 'fd12:3456::1',
  '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '::ffff:192.168.0.1', '::ffff:100.64.0.1',
];
const PUBLIC = ['8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.1', '172.15.255.255', '172.32.0.1', '192.169.0.1', '170.114.52.2', '2001:4860:4860::8888', 'fec0::1', '::ffff:8.8.8.8'];

test('loopback, private, CGNAT, link-local, unique-local, "this network" and their IPv4-mapped forms are not public; the rest is', () => {
  for (const address of NOT_PUBLIC) assert.equal(isPublicAddress(address, isIP(address)), false, address);
  for (const address of PUBLIC) assert.equal(isPublicAddress(address, isIP(address)), true, address);
});

/** A resolver that answers `addresses` for every name. */
function resolvingTo(addresses: string[]): LookupFunction {
  return (_hostname, options, callback) => {
    const all: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
    if (options.all) return (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, all);
    callback(null, all[0]!.address, all[0]!.family);
  };
}

function resolve(lookup: LookupFunction, all: boolean): Promise<{ err: Error | null; answer: unknown }> {
  return new Promise((done) => lookup('files.example', { all }, (err, answer) => done({ err, answer })));
}

test('only the public addresses of an answer are handed to the connection, in both call shapes', async () => {
  const lookup = createPublicAddressLookup(resolvingTo(['10.0.0.7', '170.114.52.2', '::1', '2001:4860:4860::8888']));
  assert.deepEqual((await resolve(lookup, true)).answer, [{ address: '170.114.52.2', family: 4 }, { address: '2001:4860:4860::8888', family: 6 }]);
  assert.equal((await resolve(lookup, false)).answer, '170.114.52.2');
});

test('an answer with no public address is zoom_redirect_refused; a resolver error passes through', async () => {
  for (const all of [true, false]) {
    const { err } = await resolve(createPublicAddressLookup(resolvingTo(['127.0.0.1', '::ffff:192.168.0.1'])), all);
    assert.ok(err instanceof ProxyError);
    assert.equal(err.code, 'zoom_redirect_refused');
  }
  const failing: LookupFunction = (_h, _o, callback) => callback(Object.assign(new Error('no such name'), { code: 'ENOTFOUND' }), '', 0);
  const { err } = await resolve(createPublicAddressLookup(failing), true);
  assert.equal((err as NodeJS.ErrnoException).code, 'ENOTFOUND');
});
