import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildStartRedirect } from '../../../src/links/start-redirect.js';

test('keeps the start URL host, path and other parameters and replaces only zak', () => {
  const url = buildStartRedirect('https://us05web.zoom.us/s/85012345678?zak=OLD&lang=de', 85012345678, 'https://zoom.us', 'NEW.ZAK');
  const parsed = new URL(url);
  assert.equal(parsed.origin, 'https://us05web.zoom.us');
  assert.equal(parsed.pathname, '/s/85012345678');
  assert.equal(parsed.searchParams.get('zak'), 'NEW.ZAK');
  assert.equal(parsed.searchParams.get('lang'), 'de');
  assert.equal(parsed.searchParams.getAll('zak').length, 1);
});

test('adds zak to a start URL that has none', () => {
  assert.equal(buildStartRedirect('https://acme.zoom.us/s/123', 123, 'https://zoom.us', 'Z'), 'https://acme.zoom.us/s/123?zak=Z');
});

test('builds {webUrl}/s/{id} when Zoom gave no start URL, a broken one or a non-web scheme', () => {
  for (const startUrl of [undefined, '', 'not a url', 'javascript:alert(1)', 'zoommtg://zoom.us/start?confno=1']) {
    assert.equal(buildStartRedirect(startUrl, 987654321, 'https://zoom.us/', 'Z'), 'https://zoom.us/s/987654321?zak=Z');
  }
});
