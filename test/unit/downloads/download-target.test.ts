import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLinkSubject, dropInTarget, dropQueryCredentials, withoutQueryCredentials } from '../../../src/downloads/download-target.js';

test('a link subject decodes only from canonical base64url', () => {
  const url = 'https://zoom.us/rec/download/abc?x=1';
  const encoded = Buffer.from(url).toString('base64url');
  assert.equal(decodeLinkSubject(encoded), url);
  for (const bad of ['', `${encoded}=`, encoded.replace(/_/g, '/'), `${encoded.slice(0, -1)}${encoded.endsWith('A') ? 'B' : 'A'}x`, 'a b', Buffer.from([0xff, 0xfe]).toString('base64url')]) {
    assert.equal(decodeLinkSubject(bad), undefined, bad);
  }
});

test('zak and access_token are dropped by decoded, case-insensitive name; the rest is kept byte for byte', () => {
  assert.equal(dropQueryCredentials('zak=a&x=%2F&access_token=b&ZAK=c&%7Aak=d&y=&&access_token'), 'x=%2F&y=');
  assert.equal(dropQueryCredentials('zakx=1&token=2'), 'zakx=1&token=2');
  assert.equal(withoutQueryCredentials(new URL('https://zoom.us/rec/download/a?access_token=t#frag')).href, 'https://zoom.us/rec/download/a');
  assert.equal(withoutQueryCredentials(new URL('https://zoom.us/rec/download/a?x=1&zak=z')).href, 'https://zoom.us/rec/download/a?x=1');
});

test('the drop-in target is the web URL plus the path as sent, query credentials dropped', () => {
  assert.equal(dropInTarget('https://zoom.us', '/rec/download/AbC-_.x?zak=1&pwd=2')?.href, 'https://zoom.us/rec/download/AbC-_.x?pwd=2');
  assert.equal(dropInTarget('https://zoom.us', '/rec/archive/download/id%3D')?.href, 'https://zoom.us/rec/archive/download/id%3D');
  assert.equal(dropInTarget('https://us02web.zoom.us/base', '/rec/download/x')?.href, 'https://us02web.zoom.us/base/rec/download/x');
});

test('paths that are not Zoom download paths, or climb out of them, have no target', () => {
  for (const raw of ['/rec/download/', '/rec/play/x', '/v2/users', '/rec/download/../v2', '/rec/download/a/./b', '/rec/download/%2e%2e/v2', '/rec/download/a%2Fb', '/rec/download/a%5Cb', '/rec/download/a\\b', '/rec/download/a b', '/rec/download/é']) {
    assert.equal(dropInTarget('https://zoom.us', raw), undefined, raw);
  }
});
