import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinkSigner } from '../../../src/links/link-signer.js';
import { createManualClock } from '../../helpers/manual-clock.js';

/** links.previousSecrets: a rotation keeps the links already handed out working until they expire. */
const OLD = 'the-link-secret-before-the-rotation-0001';
const NEW = 'the-link-secret-after-the-rotation-00002';

test('a link signed with a previous secret verifies until it expires; one signed now verifies with the current secret only', () => {
  const clock = createManualClock(1_700_000_000_000);
  const before = createLinkSigner(OLD, clock.now).sign('download', 'https://zoom.us/rec/download/abc', 60);
  const rotated = createLinkSigner(NEW, clock.now, [OLD]);
  assert.equal(rotated.verify('download', 'https://zoom.us/rec/download/abc', String(before.exp), before.sig), 'ok');
  assert.equal(rotated.verify('start', 'https://zoom.us/rec/download/abc', String(before.exp), before.sig), 'invalid');

  const after = rotated.sign('download', 'https://zoom.us/rec/download/abc', 60);
  assert.equal(createLinkSigner(NEW, clock.now).verify('download', 'https://zoom.us/rec/download/abc', String(after.exp), after.sig), 'ok');
  assert.equal(createLinkSigner(OLD, clock.now).verify('download', 'https://zoom.us/rec/download/abc', String(after.exp), after.sig), 'invalid');

  clock.advance(60_000);
  assert.equal(rotated.verify('download', 'https://zoom.us/rec/download/abc', String(before.exp), before.sig), 'expired');
});

test('once the previous secret is removed, its links are invalid', () => {
  const clock = createManualClock(1_700_000_000_000);
  const before = createLinkSigner(OLD, clock.now).sign('start', '85012345678', 600);
  assert.equal(createLinkSigner(NEW, clock.now, []).verify('start', '85012345678', String(before.exp), before.sig), 'invalid');
  assert.equal(createLinkSigner(NEW, clock.now, ['some-other-secret-of-32-characters-0003']).verify('start', '85012345678', String(before.exp), before.sig), 'invalid');
});
