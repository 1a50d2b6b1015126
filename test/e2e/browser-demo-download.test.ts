import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { launchChromium } from '../helpers/chromium.js';
import { demoStackForTest } from '../helpers/demo-stack.js';

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

test("in a browser: the demo page's download link saves the whole recording file", async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const { url, demo } = await demoStackForTest(t);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${url}/`);

  const { files, sizes } = DEMO.recordings.aliceScheduled;
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#account-commercial a', { hasText: /^MP4, / }).click()]);
  assert.ok(download.url().startsWith(`${url}/download/`), download.url());
  assert.match(download.suggestedFilename(), /\.mp4$/);
  assert.equal(await download.failure(), null);
  const saved = await download.path();
  assert.equal(statSync(saved).size, sizes.mp4);
  assert.equal(await sha256Of(saved), demo.simulator.fileSha256(files.mp4), 'the bytes are the file Zoom holds');
  await context.close();
});

test('in a browser: "Send a recording.completed" shows what the subscriber received, and its link saves the file', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const { url, demo } = await demoStackForTest(t);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${url}/`);

  await Promise.all([page.waitForURL(`${url}/#webhook-commercial`), page.locator('#account-commercial button', { hasText: 'Send a recording.completed' }).click()]);
  const section = page.locator('#account-commercial');
  assert.match(await section.innerText(), /msg_[A-Za-z0-9_-]+/);
  assert.match(await section.innerText(), /verified with the subscriber's secret/);

  const { files, sizes } = DEMO.recordings.aliceScheduled;
  const [download] = await Promise.all([page.waitForEvent('download'), section.locator('a', { hasText: /^M4A$/ }).click()]);
  assert.ok(download.url().startsWith(`${url}/download/`), download.url());
  assert.equal(await download.failure(), null);
  const saved = await download.path();
  assert.equal(statSync(saved).size, sizes.m4a);
  assert.equal(await sha256Of(saved), demo.simulator.fileSha256(files.m4a), 'the bytes are the file Zoom holds');
  await context.close();
});
