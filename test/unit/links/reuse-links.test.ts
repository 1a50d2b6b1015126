import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinkBuilder } from '../../../src/links/link-builder.js';
import { createLinkSigner } from '../../../src/links/link-signer.js';
import { createReusingLinkBuilder, reuseSecondsFor } from '../../../src/links/reuse-links.js';
import { createManualClock } from '../../helpers/manual-clock.js';

test('the same link is handed out again within the reuse window, a new one after it', () => {
  const clock = createManualClock(1_700_000_000_000);
  const links = createLinkBuilder('https://p.example.com', createLinkSigner('s'.repeat(32), clock.now), { start: 86_400, download: 21_600 });
  const reusing = createReusingLinkBuilder(links, clock.now, { startSeconds: 60, downloadSeconds: 60 });
  const first = reusing.startLink('123');
  clock.advance(30_000);
  assert.equal(reusing.startLink('123'), first);
  assert.notEqual(reusing.startLink('456'), first);
  assert.equal(reusing.downloadLink('https://zoom.us/rec/download/a'), links.downloadLink('https://zoom.us/rec/download/a'));
  clock.advance(31_000);
  const later = reusing.startLink('123');
  assert.notEqual(later, first, 'after the window a link with a later expiry');
  assert.equal(later, links.startLink('123'));
});

test('the window is a tenth of the TTL, at most a minute; 0 turns reuse off', () => {
  assert.equal(reuseSecondsFor(86_400), 60);
  assert.equal(reuseSecondsFor(300), 30);
  assert.equal(reuseSecondsFor(9), 0);
  const clock = createManualClock(1_700_000_000_000);
  let signed = 0;
  const reusing = createReusingLinkBuilder({ startLink: (id) => `${id}#${++signed}`, downloadLink: (u) => `${u}#${++signed}` }, clock.now, { startSeconds: 0, downloadSeconds: 0 });
  assert.notEqual(reusing.startLink('1'), reusing.startLink('1'));
});
