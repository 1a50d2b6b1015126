import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { accepts, acceptEncodingForZoom, codingOf, decodeBody, encodeBody } from '../../../src/passthrough/content-coding.js';

test('codingOf: the codings the proxy decodes, identity, and undefined for the rest', () => {
  assert.equal(codingOf(undefined), 'identity');
  assert.equal(codingOf(''), 'identity');
  assert.equal(codingOf('Identity'), 'identity');
  assert.equal(codingOf('GZIP'), 'gzip');
  assert.equal(codingOf('x-gzip'), 'gzip');
  assert.equal(codingOf(' br '), 'br');
  assert.equal(codingOf('deflate'), 'deflate');
  for (const v of ['zstd', 'compress', 'gzip, br', 'exi']) assert.equal(codingOf(v), undefined, v);
});

test('accepts: q-values, *, and no header meaning identity only', () => {
  assert.equal(accepts(undefined, 'identity'), true);
  assert.equal(accepts(undefined, 'gzip'), false);
  assert.equal(accepts('gzip, deflate', 'gzip'), true);
  assert.equal(accepts('gzip;q=0, br', 'gzip'), false);
  assert.equal(accepts('*', 'br'), true);
  assert.equal(accepts('*;q=0, gzip', 'br'), false);
  assert.equal(accepts('br', 'identity'), true);
  assert.equal(accepts('identity;q=0', 'identity'), false);
  assert.equal(accepts('GZIP;Q=0.5', 'gzip'), true);
});

test('acceptEncodingForZoom: the client\'s preferences narrowed to what the proxy can decode', () => {
  assert.equal(acceptEncodingForZoom(undefined), undefined);
  assert.equal(acceptEncodingForZoom('gzip, deflate, br'), 'gzip, deflate, br');
  assert.equal(acceptEncodingForZoom('zstd, br;q=0.5, compress'), 'br;q=0.5');
  assert.equal(acceptEncodingForZoom('zstd'), 'identity');
  assert.equal(acceptEncodingForZoom('*;q=0.1, gzip'), 'gzip, deflate;q=0.1, br;q=0.1');
  assert.equal(acceptEncodingForZoom('x-gzip, identity;q=0'), 'gzip, identity;q=0');
});

test('decodeBody and encodeBody round-trip; raw deflate is read too; corrupt or too large gives undefined', async () => {
  const json = Buffer.from(JSON.stringify({ a: 'x'.repeat(10_000) }));
  for (const coding of ['gzip', 'deflate', 'br'] as const) {
    assert.deepEqual(await decodeBody(await encodeBody(json, coding), coding, 1_000_000), json, coding);
    assert.equal(await decodeBody(await encodeBody(json, coding), coding, 1_000), undefined, `${coding} over the cap`);
  }
  assert.deepEqual(await decodeBody(zlib.deflateRawSync(json), 'deflate', 1_000_000), json);
  assert.equal(await decodeBody(Buffer.from('not gzip'), 'gzip', 1_000_000), undefined);
  assert.equal(await decodeBody(json, 'identity', 1), json, 'identity is not decoded, so not capped here');
});
