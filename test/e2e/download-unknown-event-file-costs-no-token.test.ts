import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { download } from '../helpers/download-client.js';
import { useStack } from '../helpers/use-stack.js';
import { useAgent } from '../helpers/test-agent.js';

/**
 * A signed link to an event's `/rec/webhook_download/` URL whose event the proxy knows nothing of
 * (no token kept, no place in the API: a restart of the memory store, or evicted), where Zoom takes
 * only the event's token there: the account's token is not at fault, so the refusal is answered
 * without dropping it and minting another (a client repeating the link would otherwise make the
 * proxy hammer Zoom's token endpoint).
 */
const stack = useStack();
const agent = useAgent();

test('an unknown event file refused by Zoom: 502 zoom_download_denied, and no token minted for it', async () => {
  const { sim, proxy } = stack;
  sim.faults.webhookDownloadsNeedEventToken(true);
  const link = proxy.services.sideOf().links.downloadLink(`${sim.webUrl}/rec/webhook_download/${DEMO.recordings.aliceScheduled.files.transcript}`);
  const first = await download(link, { agent });
  assert.equal(first.status, 502, first.text);
  const mints = sim.seen.oauthMints;
  for (let i = 0; i < 3; i++) {
    const again = await download(link, { agent });
    assert.equal(again.status, 502, again.text);
    assert.match(again.text, /zoom_download_denied/);
  }
  assert.equal(sim.seen.oauthMints, mints, 'the account\'s token is kept');
});
