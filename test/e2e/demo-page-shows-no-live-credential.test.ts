import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { DEMO, DEMO_GOV } from '../../simulator/simulator.js';
import { demoStackForTest } from '../helpers/demo-stack.js';

const MEETINGS = [DEMO.meetings.aliceScheduled, DEMO.meetings.aliceRecurring, DEMO.meetings.bobPmi];
const GOV_MEETINGS = [DEMO_GOV.meetings.danaScheduled, DEMO_GOV.meetings.erinScheduled];

// The page is served to whoever reaches the demo: it may carry signed links and the demo's published
// client key and bot token (the banner prints them), but never a credential that works on Zoom itself.
test('the demo page carries no working ZAK, no Zoom access token and no link secret', async (t) => {
  const { url, demo, proxy, logs } = await demoStackForTest(t);
  const res = await request(`${url}/`);
  const page = await res.body.text();
  assert.equal(res.statusCode, 200);

  // Zoom's stored start_url of a meeting whose ZAK still works is shown masked, not as a link.
  assert.match(page, new RegExp(`/s/${DEMO.meetings.aliceScheduled}\\?zak=\\(hidden\\)`));
  const zaks = [...page.matchAll(/zak=([A-Za-z0-9._-]+)/g)].map((m) => m[1] ?? '');
  assert.ok(zaks.length > 0, "the PMI's stored link, whose ZAK Zoom invalidated, is on the page");
  for (const zak of zaks) {
    for (const id of MEETINGS) assert.equal(demo.simulator.checkStartZak(id, zak), 'sign_in_required', `a ZAK on the page starts ${id}`);
    for (const id of GOV_MEETINGS) assert.equal(demo.simulator.account('gov').checkStartZak(id, zak), 'sign_in_required', `a ZAK on the page starts gov's ${id}`);
  }
  // Both accounts' access tokens and OAuth client secrets.
  const accessTokens = await Promise.all(['commercial', 'gov'].map((name) => proxy.services.sideOf(name).tokens.getToken()));
  for (const accessToken of accessTokens) assert.ok(!page.includes(accessToken), 'a Zoom access token');
  assert.ok(!page.includes(demo.config.links.secret), 'the link secret');
  for (const account of demo.config.accounts ?? []) assert.ok(!page.includes(account.clientSecret), 'an OAuth client secret');

  // Making the page sends the demo's client keys to the proxy itself: the log lines never carry them.
  for (const secret of [...accessTokens, demo.config.links.secret, ...demo.config.clients.flatMap((c) => c.keys)]) {
    assert.ok(!logs.text().includes(secret), 'a secret in the log');
  }

  // Defence in depth against an escaping slip: the page may run no script and load nothing.
  assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
  assert.doesNotMatch(page, /<script/i);
});
