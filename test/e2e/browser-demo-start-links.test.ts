import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { launchChromium } from '../helpers/chromium.js';
import { demoStackForTest } from '../helpers/demo-stack.js';

test('in a browser: the demo page, a start link clicked, the meeting starts as host; the PMI before and after', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const { url, demo } = await demoStackForTest(t);
  const page = await browser.newPage();

  const opened = await page.goto(`${url}/`);
  assert.equal(opened?.status(), 200);
  assert.match(await page.locator('.sim').innerText(), /This is a simulation/);

  // A scheduled meeting: the proxy's link lands on Zoom's start page, as host.
  const scheduled = DEMO.meetings.aliceScheduled;
  await page.locator(`a.go[href*="/start/${scheduled}?"]`).click();
  await page.waitForURL(`${demo.simulator.webUrl}/s/${scheduled}?**`);
  assert.equal(await page.locator('h1').innerText(), `Starting meeting ${scheduled} as its host`);

  // Bob's PMI: Zoom's stored link (its ZAK invalidated) asks to sign in; the proxy's link starts it.
  const pmi = DEMO.meetings.bobPmi;
  await page.goBack();
  await page.locator(`a.old[href*="/s/${pmi}?zak="]`).click();
  await page.waitForURL(`${demo.simulator.webUrl}/s/${pmi}?**`);
  assert.equal(await page.locator('h1').innerText(), 'Sign in to start this meeting');
  await page.goBack();
  await page.locator(`a.go[href*="/start/${pmi}?"]`).click();
  await page.waitForURL(`${demo.simulator.webUrl}/s/${pmi}?**`);
  assert.equal(await page.locator('h1').innerText(), `Starting meeting ${pmi} as its host`);
});
