import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jwtExpiryMs } from '../../../src/zoom/jwt-expiry.js';

test('reads exp from a JWT, and nothing from what is not one', () => {
  const claims = Buffer.from(JSON.stringify({ exp: 1_700_000_000 })).toString('base64url');
  assert.equal(jwtExpiryMs(`h.${claims}.s`), 1_700_000_000_000);
  for (const t of ['', 'opaque-token', 'a.b', 'a.!!!.c', `h.${Buffer.from('{"exp":"soon"}').toString('base64url')}.s`, `h.${Buffer.from('null').toString('base64url')}.s`]) {
    assert.equal(jwtExpiryMs(t), undefined, t);
  }
});
