import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinkSigner } from '../../../src/links/link-signer.js';
import { createManualClock } from '../../helpers/manual-clock.js';

const SECRET = 'a-link-secret-that-is-long-enough-123456';

test('a signature verifies for what it signed until it expires', () => {
  const clock = createManualClock(1_700_000_000_000);
  const signer = createLinkSigner(SECRET, clock.now);
  const { exp, sig } = signer.sign('start', '85012345678', 60);
  assert.equal(signer.verify('start', '85012345678', String(exp), sig), 'ok');
  clock.advance(59_000);
  assert.equal(signer.verify('start', '85012345678', String(exp), sig), 'ok');
  clock.advance(1_000);
  assert.equal(signer.verify('start', '85012345678', String(exp), sig), 'expired');
});

test('a signature does not open another meeting, another kind, a longer expiry or another secret', () => {
  const clock = createManualClock(1_700_000_000_000);
  const signer = createLinkSigner(SECRET, clock.now);
  const { exp, sig } = signer.sign('start', '85012345678', 60);
  assert.equal(signer.verify('start', '850123456780', String(exp), sig), 'invalid');
  assert.equal(signer.verify('download', '85012345678', String(exp), sig), 'invalid');
  assert.equal(signer.verify('start', '85012345678', String(exp + 3600), sig), 'invalid');
  assert.equal(createLinkSigner(`${SECRET}x`, clock.now).verify('start', '85012345678', String(exp), sig), 'invalid');
});

test('tampered, truncated, padded and missing signatures are invalid, never an exception', () => {
  const signer = createLinkSigner(SECRET, createManualClock().now);
  const { exp, sig } = signer.sign('start', '1', 60);
  const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
  for (const bad of [flipped, sig.slice(0, -1), `${sig}A`, `${sig}=`, '', sig.replace(/./g, '!'), 'ä'.repeat(43)]) {
    assert.equal(signer.verify('start', '1', String(exp), bad), 'invalid', `sig ${JSON.stringify(bad)}`);
  }
  for (const badExp of [undefined, '', '-1', '1e12', ' 1', `${exp}.0`, '9'.repeat(40)]) {
    assert.equal(signer.verify('start', '1', badExp, sig), 'invalid', `exp ${JSON.stringify(badExp)}`);
  }
  assert.equal(signer.verify('start', '1', String(exp), undefined), 'invalid');
});

test("a link of one account does not verify for another account, nor as a link of no account, and the reverse", () => {
  const clock = createManualClock(1_700_000_000_000);
  const signer = createLinkSigner(SECRET, clock.now);
  for (const kind of ['start', 'download'] as const) {
    const gov = signer.sign(kind, '85012345678', 60, 'gov');
    assert.equal(signer.verify(kind, '85012345678', String(gov.exp), gov.sig, 'gov'), 'ok');
    assert.equal(signer.verify(kind, '85012345678', String(gov.exp), gov.sig, 'commercial'), 'invalid');
    assert.equal(signer.verify(kind, '85012345678', String(gov.exp), gov.sig), 'invalid');
    const none = signer.sign(kind, '85012345678', 60);
    assert.equal(signer.verify(kind, '85012345678', String(none.exp), none.sig), 'ok', 'a link of no account verifies as before');
    assert.equal(signer.verify(kind, '85012345678', String(none.exp), none.sig, 'gov'), 'invalid');
  }
});
