/**
 * Probe (not run by the suite): with a list of accounts, an account that leaves `downloadHosts` and
 * `startHosts` out gets both clouds' hosts (zoom.us and zoomgov.com), so a Zoom for Government
 * account's token and ZAKs may be sent to commercial hosts, and a commercial account's to zoomgov.com.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/parse-config.js';
import { validConfig } from '../helpers/valid-config.js';

test("an account's default download and start hosts are its own cloud's", () => {
  const raw = validConfig();
  raw.zoom = [
    { name: 'commercial', accountId: 'acct-c', clientId: 'cid-c', clientSecret: 'secret-commercial-xyz' },
    { name: 'gov', accountId: 'acct-g', clientId: 'cid-g', clientSecret: 'secret-gov-xyz', oauthUrl: 'https://zoomgov.com/oauth/token', apiUrl: 'https://api.zoomgov.com/v2', webUrl: 'https://zoomgov.com' },
  ];
  for (const section of ['clients', 'bots'] as const) for (const entry of raw[section] as { account?: string }[]) entry.account = 'gov';
  const [commercial, gov] = parseConfig(raw, {}).accounts ?? [];
  const zoomgov = (host: string): boolean => host === 'zoomgov.com' || host.endsWith('.zoomgov.com');
  assert.deepEqual(gov?.downloadHosts.filter((h) => !zoomgov(h)), [], 'gov sends its token to no commercial host');
  assert.deepEqual(gov?.startHosts.filter((h) => !zoomgov(h)), [], 'gov puts its ZAKs on no commercial host');
  assert.deepEqual(commercial?.downloadHosts.filter(zoomgov), [], 'commercial sends its token to no zoomgov host');
});
