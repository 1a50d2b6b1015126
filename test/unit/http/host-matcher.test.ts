import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHostMatcher } from '../../../src/http/host-matcher.js';

const allowed = createHostMatcher(['zoom.us', '*.zoom.us', '127.0.0.2', '[::1]']);
const ok = (url: string): boolean => allowed(new URL(url));

test('exact hosts and subdomains of *. entries, any port, http or https', () => {
  for (const url of ['https://zoom.us/rec/x', 'https://ssrweb.zoom.us/a', 'https://a.b.zoom.us/', 'http://ZOOM.US:8443/', 'http://127.0.0.2:1234/f', 'http://[::1]:9/f']) {
    assert.ok(ok(url), url);
  }
});

test('look-alikes, other schemes and URLs with credentials are refused', () => {
  for (const url of [
    'https://evilzoom.us/',
    'https://zoom.us.evil.com/',
    'https://zoom.us./',
    'https://127.0.0.3/',
    'https://127.0.0.20/',
    'ftp://zoom.us/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://user:pw@zoom.us/',
    'https://user@ssrweb.zoom.us/',
  ]) {
    assert.ok(!ok(url), url);
  }
});

test('a *. entry does not match the bare domain', () => {
  const onlySubdomains = createHostMatcher(['*.zoomgov.com']);
  assert.ok(!onlySubdomains(new URL('https://zoomgov.com/')));
  assert.ok(onlySubdomains(new URL('https://ssrweb.zoomgov.com/')));
});
