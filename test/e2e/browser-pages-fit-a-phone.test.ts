import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchChromium } from '../helpers/chromium.js';
import { demoStackForTest } from '../helpers/demo-stack.js';

// Without a viewport line a phone lays a page out 980 px wide and shrinks it to fit: the sentence of
// an error page ends up in a tiny font. With it, the layout is the phone's own width.
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

test('on a phone: the error page and the demo page are laid out at the phone width, readable, no sideways scroll', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const { url } = await demoStackForTest(t);
  const phone = await browser.newContext(PHONE);
  const page = await phone.newPage();

  for (const [what, address, status] of [
    ['error page', `${url}/start/85012345678?exp=1&sig=not-a-signature`, 403],
    ['demo page', `${url}/`, 200],
  ] as const) {
    const res = await page.goto(address);
    assert.equal(res?.status(), status, what);
    assert.equal(await page.evaluate('window.innerWidth'), PHONE.viewport.width, `${what}: laid out at the phone's width`);
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    assert.ok(overflow <= 0, `${what}: ${overflow} px wider than the screen`);
    const fontPx = Number(await page.evaluate('parseFloat(getComputedStyle(document.querySelector("p")).fontSize)'));
    assert.ok(fontPx >= 16, `${what}: text at ${fontPx} px`);
  }
  await phone.close();
});
