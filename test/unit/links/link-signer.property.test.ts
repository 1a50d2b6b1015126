import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createLinkSigner, type LinkKind } from '../../../src/links/link-signer.js';

const NOW = 1_700_000_000_000;
const signer = createLinkSigner('a-link-secret-that-is-long-enough-123456', () => NOW);
const kind = fc.constantFrom<LinkKind>('start', 'download');

test('property: a signature verifies for exactly what it signed', () => {
  fc.assert(
    fc.property(kind, fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 10_000_000 }), (k, subject, ttl) => {
      const { exp, sig } = signer.sign(k, subject, ttl);
      assert.equal(signer.verify(k, subject, String(exp), sig), 'ok');
    }),
  );
});

test('property: any other subject, kind or expiry does not verify', () => {
  fc.assert(
    fc.property(kind, fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 1000 }), (k, subject, other, ttl, shift) => {
      fc.pre(other !== subject);
      const { exp, sig } = signer.sign(k, subject, ttl);
      assert.equal(signer.verify(k, other, String(exp), sig), 'invalid');
      assert.equal(signer.verify(k === 'start' ? 'download' : 'start', subject, String(exp), sig), 'invalid');
      assert.equal(signer.verify(k, subject, String(exp + shift), sig), 'invalid');
    }),
  );
});

test('property: arbitrary exp and sig input never throws and never verifies', () => {
  fc.assert(
    fc.property(kind, fc.string(), fc.option(fc.string({ unit: 'binary' }), { nil: undefined }), fc.option(fc.string({ unit: 'binary' }), { nil: undefined }), (k, subject, exp, sig) => {
      assert.notEqual(signer.verify(k, subject, exp, sig), 'ok');
    }),
  );
});
