import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { DEMO } from '../../simulator/simulator.js';
import { demoStackForTest, hrefsOf, sectionOf } from '../helpers/demo-stack.js';
import { download } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';

/**
 * Demo mode's webhooks: `POST /demo/webhook?account=` (the page's button, the banner's curl line)
 * makes the account's simulated Zoom send a signed `recording.completed` to the proxy's route; the
 * demo subscriber receives it with the proxy's links, verified, and the page shows it, the links
 * clickable: they stream the file.
 */

const agent = useAgent();

interface Summary {
  account: string;
  zoomGot: number;
  received: { webhookId: string; event: string; signatureVerified: boolean; links: Array<{ label: string; url: string }>; body: Record<string, unknown> } | null;
}

test('the curl line: Zoom sends recording.completed, the subscriber gets it verified with the proxy\'s links, and a link streams the file', async (t) => {
  const { url, demo } = await demoStackForTest(t);
  const res = await request(`${url}/demo/webhook?account=commercial`, { method: 'POST', dispatcher: agent });
  assert.equal(res.statusCode, 200);
  const summary = (await res.body.json()) as Summary;
  assert.equal(summary.zoomGot, 200, 'the proxy took the event');
  assert.equal(summary.received?.event, 'recording.completed');
  assert.equal(summary.received?.signatureVerified, true);
  assert.match(summary.received?.webhookId ?? '', /^msg_/);
  assert.ok(!JSON.stringify(summary.received?.body).includes('download_token'));
  assert.ok(!JSON.stringify(summary.received?.body).includes('/rec/webhook_download/'));
  const links = summary.received?.links ?? [];
  assert.ok(links.length >= 3);
  for (const link of links) assert.ok(link.url.startsWith(`${url}/download/`), link.url);

  const transcript = links.find((l) => l.label === 'TRANSCRIPT');
  const got = await download(transcript!.url, { agent });
  assert.equal(got.status, 200);
  assert.equal(got.sha256, demo.simulator.account('commercial').fileSha256(DEMO.recordings.aliceScheduled.files.transcript));
  const bearer = demo.simulator.account('commercial').seen.requests.find((r) => r.rawPath.startsWith('/rec/webhook_download/'))?.headers.authorization;
  assert.equal(bearer, `Bearer ${demo.simulator.account('commercial').seen.webhooks[0]?.downloadToken}`, 'with the event\'s token');
});

test('the page\'s button: a form posted to the page\'s origin, 303 back to the account\'s section, which shows what the subscriber received', async (t) => {
  const { url } = await demoStackForTest(t);
  const before = await (await request(`${url}/`, { dispatcher: agent })).body.text();
  const gov = sectionOf(before, 'gov');
  assert.match(gov, /<form method="post" action="\/demo\/webhook\?account=gov"><button type="submit">Send a recording.completed<\/button><\/form>/);
  assert.match(gov, /received nothing from this account yet/);

  const res = await request(`${url}/demo/webhook?account=gov`, { method: 'POST', headers: { accept: 'text/html' }, dispatcher: agent });
  await res.body.dump();
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/#webhook-gov');

  const page = await request(`${url}/`, { dispatcher: agent });
  assert.match(String(page.headers['content-security-policy']), /form-action 'self'/);
  const after = sectionOf(await page.body.text(), 'gov');
  assert.match(after, /<code>msg_[A-Za-z0-9_-]+<\/code>/);
  assert.match(after, /verified/);
  assert.ok(!after.includes('download_token&quot;:'), 'no token in the body shown');
  const links = hrefsOf(after).filter((h) => h.startsWith(`${url}/download/`) && h.includes('acct=gov'));
  assert.ok(links.length >= 2, 'the delivered links, clickable');
  const got = await download(links.at(-1)!, { agent, method: 'HEAD' });
  assert.equal(got.status, 200);

  const unknown = await request(`${url}/demo/webhook?account=nobody`, { method: 'POST', dispatcher: agent });
  await unknown.body.dump();
  assert.equal(unknown.statusCode, 404);
});
