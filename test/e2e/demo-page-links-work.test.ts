import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { DEMO } from '../../simulator/simulator.js';
import { demoStackForTest, hrefsOf, sectionOf } from '../helpers/demo-stack.js';

const MEETINGS = [DEMO.meetings.aliceScheduled, DEMO.meetings.aliceRecurring, DEMO.meetings.bobPmi];

async function getText(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const res = await request(url, { headers }); // undici does not follow redirects
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

test('demo mode: GET / is a page that says it is a simulation and whose every link works', async (t) => {
  const { url, demo } = await demoStackForTest(t);
  const page = await getText(`${url}/`, { accept: 'text/html' });
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /^text\/html; charset=utf-8/);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.text, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  assert.match(page.text, /This is a simulation/);
  assert.match(page.text, /Nothing here talks to real Zoom/);

  // The commercial account's section here (the gov one: demo-two-accounts-gov-links-work); the rest is operations.
  const hrefs = hrefsOf(sectionOf(page.text, 'commercial'));
  const outside = hrefsOf(page.text.replace(/<section[^]*?<\/section>/g, ''));
  // Each demo meeting: a signed start link on the proxy, naming its account, that lands on Zoom's page as host.
  for (const id of MEETINGS) {
    const link = hrefs.find((h) => h.startsWith(`${url}/start/${id}?acct=commercial&exp=`));
    assert.ok(link, `a start link for ${id}`);
    const redirect = await getText(link);
    assert.equal(redirect.status, 302, `${link} answered ${redirect.status}`);
    const landing = await getText(String(redirect.headers.location));
    assert.equal(landing.headers['x-sim-start'], 'host', `meeting ${id} starts as host`);
    assert.match(landing.text, new RegExp(`Starting meeting ${id} as its host`));
  }
  // The PMI's stored link: the before of Sept 2021, Zoom's sign-in page.
  const stored = hrefs.find((h) => h.startsWith(`${demo.simulator.webUrl}/s/${DEMO.meetings.bobPmi}?zak=`));
  assert.ok(stored, "the PMI's stored start_url");
  const before = await getText(stored);
  assert.equal(before.headers['x-sim-start'], 'sign_in_required');
  assert.match(before.text, /Sign in to start this meeting/);

  // The recording's signed download links: each the whole file.
  const { sizes } = DEMO.recordings.aliceScheduled;
  const downloads = hrefs.filter((h) => h.startsWith(`${url}/download/`));
  assert.equal(downloads.length, 3);
  for (const link of downloads) {
    const res = await request(link, { method: 'HEAD' });
    await res.body.dump();
    assert.equal(res.statusCode, 200, link);
    assert.ok((Object.values(sizes) as number[]).includes(Number(res.headers['content-length'])), `size ${String(res.headers['content-length'])}`);
  }

  // The bot's /zak link, health, readiness and metrics.
  for (const path of ['/zak?token=', '/healthz', '/readyz', '/metrics']) {
    const link = [...hrefs, ...outside].find((h) => h.startsWith(`${url}${path}`));
    assert.ok(link, `a link to ${path}`);
    const res = await getText(link);
    assert.equal(res.status, 200, `${link} answered ${res.status}`);
  }
  assert.equal(hrefs.length, MEETINGS.length + 1 + downloads.length + 1, `no link left untried: ${hrefs.join('\n')}`);
  assert.equal(outside.length, 3, `no link left untried: ${outside.join('\n')}`);
});

test('demo mode: the page shows /v2 answers fetched through the proxy, links rewritten', async (t) => {
  const { url, demo } = await demoStackForTest(t);
  const page = sectionOf((await getText(`${url}/`)).text, 'commercial');
  assert.match(page, new RegExp(`GET /v2/meetings/${DEMO.meetings.aliceScheduled}: HTTP 200`));
  assert.match(page, /GET \/v2\/users\/me\/recordings: HTTP 200/);
  const q = '&quot;';
  const startUrls = [...page.matchAll(new RegExp(`${q}start_url${q}: ${q}([^&]+)`, 'g'))].map((m) => m[1]);
  assert.equal(startUrls.length, 1, 'the meeting answer has one start_url');
  assert.ok(startUrls[0] === `${url}/start/${DEMO.meetings.aliceScheduled}?acct=commercial`, `start_url rewritten: ${startUrls[0]}`);
  const downloadUrls = [...page.matchAll(new RegExp(`${q}download_url${q}: ${q}([^&]+)`, 'g'))].map((m) => m[1] ?? '');
  assert.ok(downloadUrls.length >= 5, `download_urls: ${downloadUrls.length}`);
  for (const u of downloadUrls) assert.ok(u.startsWith(`${url}/download/`), `download_url rewritten: ${u}`);
  assert.ok(!page.includes(`${demo.simulator.webUrl}/rec/download/`), "no Zoom download URL left in the page");
  // And the curl line beside each answer asks the same.
  assert.match(page, new RegExp(`curl -s -H &#39;Authorization: Bearer [^&]+&#39; ${url}/v2/users/me/recordings`));
});
