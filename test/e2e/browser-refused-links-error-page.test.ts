import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinkBuilder } from '../../src/links/link-builder.js';
import { createLinkSigner } from '../../src/links/link-signer.js';
import { DEMO } from '../../simulator/simulator.js';
import { launchChromium } from '../helpers/chromium.js';
import { demoStackForTest, hrefsOf } from '../helpers/demo-stack.js';

const DAY_MS = 86_400_000;

test('in a browser: a tampered and an expired start link open the error page with its sentence', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const { url, demo } = await demoStackForTest(t);
  const page = await browser.newPage();
  const meeting = DEMO.meetings.aliceScheduled;

  // Tampered: a start link from the demo page, with one character of its signature changed.
  const demoPage = await (await page.request.get(`${url}/`)).text();
  const link = hrefsOf(demoPage).find((h) => h.startsWith(`${url}/start/${meeting}?`));
  assert.ok(link);
  const sig = new URL(link).searchParams.get('sig') ?? '';
  const tampered = link.replace(`sig=${sig}`, `sig=${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
  const refused = await page.goto(tampered);
  assert.equal(refused?.status(), 403);
  assert.equal(await page.locator('h1').innerText(), 'This link could not be opened');
  assert.match(await page.locator('body').innerText(), /This link is not valid\. Ask the application that gave it to you for a new one\./);

  // Expired: signed with the demo's secret two days ago (for the demo's commercial account), so its day of validity is over.
  const { config } = demo;
  const signedThen = createLinkBuilder(url, createLinkSigner(config.links.secret, () => Date.now() - 2 * DAY_MS), {
    start: config.links.startTtlSeconds,
    download: config.links.downloadTtlSeconds,
  }, 'commercial');
  const expired = await page.goto(signedThen.startLink(String(meeting)));
  assert.equal(expired?.status(), 403);
  assert.equal(await page.locator('h1').innerText(), 'This link could not be opened');
  assert.match(await page.locator('body').innerText(), /This link has expired\. Ask the application that gave it to you for a new one\./);
  assert.ok(!page.url().startsWith(demo.simulator.webUrl), 'the browser never reached Zoom');
});
