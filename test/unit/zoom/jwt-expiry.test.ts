import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jwtClaims, jwtExpiryMs } from '../../../src/zoom/jwt-expiry.js';

test('reads exp from a JWT, and nothing from what is not one', () => {
  const claims = Buffer.from(JSON.stringify({ exp: 1_700_000_000 })).toString('base64url');
  assert.equal(jwtExpiryMs(`h.${claims}.s`), 1_700_000_000_000);
  for (const t of ['', 'opaque-token', 'a.b', 'a.!!!.c', `h.${Buffer.from('{"exp":"soon"}').toString('base64url')}.s`, `h.${Buffer.from('null').toString('base64url')}.s`]) {
    assert.equal(jwtExpiryMs(t), undefined, t);
  }
});

test('reads the claims object of a JWT without checking its signature', () => {
  const claims = Buffer.from(JSON.stringify({ uid: 'aLiCe', exp: 1 })).toString('base64url');
  assert.deepEqual(jwtClaims(`h.${claims}.s`), { uid: 'aLiCe', exp: 1 });
  for (const t of ['', 'a.b', `h.${Buffer.from('[1]').toString('base64url')}.s`, `h.${Buffer.from('"x"').toString('base64url')}.s`]) {
    assert.equal(jwtClaims(t), undefined, t);
  }
});
