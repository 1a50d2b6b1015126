import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultStartHosts } from '../../../src/config/config.js';
import { createHostMatcher } from '../../../src/http/host-matcher.js';
import { buildStartRedirect } from '../../../src/links/start-redirect.js';

const startHosts = createHostMatcher(defaultStartHosts('https://zoom.us'));
const redirect = (startUrl: string | undefined, meetingId: string | number, webUrl: string, zak: string, refused?: string[]): string =>
  buildStartRedirect(startUrl, meetingId, { webUrl, zak, startHosts, onRefusedHost: (host) => refused?.push(host) });

test('keeps the start URL host, path and other parameters and replaces only zak', () => {
  const url = redirect('https://us05web.zoom.us/s/85012345678?zak=OLD&lang=de', 85012345678, 'https://zoom.us', 'NEW.ZAK');
  const parsed = new URL(url);
  assert.equal(parsed.origin, 'https://us05web.zoom.us');
  assert.equal(parsed.pathname, '/s/85012345678');
  assert.equal(parsed.searchParams.get('zak'), 'NEW.ZAK');
  assert.equal(parsed.searchParams.get('lang'), 'de');
  assert.equal(parsed.searchParams.getAll('zak').length, 1);
});

test('adds zak to a start URL that has none', () => {
  assert.equal(redirect('https://acme.zoom.us/s/123', 123, 'https://zoom.us', 'Z'), 'https://acme.zoom.us/s/123?zak=Z');
});

test('builds {webUrl}/s/{id} when Zoom gave no start URL, a broken one or a non-web scheme', () => {
  for (const startUrl of [undefined, '', 'not a url', 'javascript:alert(1)', 'zoommtg://zoom.us/start?confno=1']) {
    assert.equal(redirect(startUrl, 987654321, 'https://zoom.us/', 'Z'), 'https://zoom.us/s/987654321?zak=Z');
  }
});

test('a start URL on a host outside zoom.startHosts never gets the ZAK: {webUrl}/s/{id} instead, and the host is reported', () => {
  const refused: string[] = [];
  for (const startUrl of [
    'https://evil.example/s/1?zak=OLD',
    'https://zoom.us.evil.example/s/1',
    'https://evilzoom.us/s/1',
    'https://user:pw@zoom.us/s/1',
    'http://ZOOMGOV.COM.evil.example:443/s/1',
  ]) {
    assert.equal(redirect(startUrl, 1, 'https://zoom.us', 'NEWZAK', refused), 'https://zoom.us/s/1?zak=NEWZAK', startUrl);
  }
  assert.deepEqual(refused, ['evil.example', 'zoom.us.evil.example', 'evilzoom.us', 'zoom.us', 'zoomgov.com.evil.example']);
  // Zoom's own web hosts, whatever the port or letter case.
  for (const startUrl of ['https://zoom.us/s/1', 'https://US05WEB.zoom.us:443/s/1', 'https://zoomgov.com/s/1', 'https://acme.zoomgov.com/s/1']) {
    assert.equal(new URL(redirect(startUrl, 1, 'https://zoom.us', 'Z')).host, new URL(startUrl).host.toLowerCase().replace(/:443$/, ''), startUrl);
  }
});
