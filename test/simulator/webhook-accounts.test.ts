/**
 * Each account's app sends with its own endpoint and secret token; its events' files are on its own
 * web host (Zoom for Government's, for an account on servers of its own), and its download_token
 * opens only its files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { DEMO_ACCOUNTS, DEMO_GOV } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';
import { startZoomWebhookReceiver } from '../helpers/zoom-webhook-receiver.js';

test('the gov account: its own secret, its own account_id, files on its own host, its token refused on the other account\'s file', async (t) => {
  const receiver = await startZoomWebhookReceiver((_req, res) => void res.writeHead(200).end());
  t.after(() => receiver.close());
  const h = await harness({
    accounts: DEMO_ACCOUNTS.map((a) => ({ ...a, webhooks: { url: `${receiver.url}/${a.name}`, secretToken: `secret-of-${a.name}` } })),
  }, (fn) => t.after(fn));
  const gov = h.sim.account('gov');
  const sent = await gov.sendRecordingCompleted(DEMO_GOV.meetings.danaScheduled);
  const got = receiver.received[0]!;
  assert.equal(got.path, '/webhooks/zoom/gov');
  const expected = createHmac('sha256', 'secret-of-gov').update(`v0:${String(got.headers['x-zm-request-timestamp'])}:`).update(got.body).digest('hex');
  assert.equal(got.headers['x-zm-signature'], `v0=${expected}`);
  const event = sent.json() as { payload: { account_id: string; object: { recording_files: Array<{ download_url: string }> } } };
  assert.equal(event.payload.account_id, gov.credentials.accountId);
  const url = event.payload.object.recording_files[0]!.download_url;
  assert.ok(url.startsWith(`${gov.webUrl}/rec/webhook_download/`), url);
  assert.notEqual(gov.webUrl, h.sim.webUrl);
  assert.equal((await h.get(url, { authorization: `Bearer ${sent.downloadToken!}` })).status, 302);

  const commercialFile = (await h.sim.account('commercial').sendRecordingCompleted('Qm9i//Vm1kN3bWQ0cE9xRw==')).json() as typeof event;
  const otherUrl = commercialFile.payload.object.recording_files[0]!.download_url;
  const refused = await h.get(otherUrl, { authorization: `Bearer ${sent.downloadToken!}` });
  assert.deepEqual([refused.status, /Only the host/.test(refused.text)], [200, true]);
  assert.deepEqual(gov.seen.webhooks, [sent]);
});
