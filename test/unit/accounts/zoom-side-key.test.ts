import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameZoomSide } from '../../../src/accounts/account-side.js';
import { zoomAccountsOf } from '../../../src/accounts/zoom-accounts-of.js';
import { zoomSideKey } from '../../../src/accounts/zoom-side-key.js';
import type { Config } from '../../../src/config/config.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { validConfig } from '../../helpers/valid-config.js';

const SECRET = 'CANARY-zoom-side-key-client-secret-3e7b';

function configWith(edit: (config: Config) => void = () => {}): Config {
  const config = parseConfig(validConfig(), {});
  config.zoom.clientSecret = SECRET;
  edit(config);
  return config;
}

const keyOf = (config: Config): string => zoomSideKey(zoomAccountsOf(config)[0]!, config);

test("an account's store name starts with its name and carries no client secret, in any encoding", () => {
  const key = keyOf(configWith());
  assert.ok(key.startsWith('default/'), key);
  for (const encoded of [SECRET, Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('base64url'), Buffer.from(SECRET).toString('hex')]) {
    assert.ok(!key.includes(encoded), 'no secret in the key');
  }
});

test('another app, secret, endpoint or cache setting is another store name; what the Zoom side does not use is not', () => {
  const base = keyOf(configWith());
  const changes: [string, (c: Config) => void][] = [
    ['clientId', (c) => void (c.zoom.clientId = 'another-client-id')],
    ['accountId', (c) => void (c.zoom.accountId = 'another-account')],
    ['clientSecret', (c) => void (c.zoom.clientSecret = `${SECRET}-rotated`)],
    ['oauthUrl', (c) => void (c.zoom.oauthUrl = 'https://zoom.example.com/oauth/token')],
    ['apiUrl', (c) => void (c.zoom.apiUrl = 'https://api.example.com/v2')],
    ['webUrl', (c) => void (c.zoom.webUrl = 'https://web.example.com')],
    ['timeoutSeconds', (c) => void (c.zoom.timeoutSeconds += 1)],
    ['zak.cacheSeconds', (c) => void (c.zak.cacheSeconds += 1)],
    ['downloads.ownerCacheEntries', (c) => void (c.downloads.ownerCacheEntries += 1)],
    ['downloads.ownerCacheSeconds', (c) => void (c.downloads.ownerCacheSeconds += 1)],
  ];
  for (const [what, edit] of changes) {
    const config = configWith(edit);
    assert.notEqual(keyOf(config), base, what);
    assert.equal(sameZoomSide(zoomAccountsOf(configWith())[0]!, zoomAccountsOf(config)[0]!, configWith(), config), false, what);
  }
  const unrelated = configWith((c) => {
    c.links.startTtlSeconds += 1;
    c.passthrough.scopeCacheSeconds += 1;
  });
  assert.equal(keyOf(unrelated), base);
  assert.equal(sameZoomSide(zoomAccountsOf(configWith())[0]!, zoomAccountsOf(unrelated)[0]!, configWith(), unrelated), true);
});
