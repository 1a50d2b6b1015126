import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, errorCode, metricValue, signedLink } from '../helpers/download-client.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

let fileId: string;
const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: 100_000 });
  stack.sim.faults.denyFile(fileId);
});

test('a file Zoom keeps refusing: 502 zoom_download_denied with a sentence, and Zoom\'s page never reaches the client', async () => {
  const denied = await metricValue(stack, 'zlp_downloads_total', { outcome: 'denied' });
  await stack.proxy.services.sideOf().tokens.getToken(); // a token held, so the count below is the re-mint alone
  stack.sim.seen.reset();
  const got = await download(signedLink(stack, fileId), { agent });
  assert.equal(got.status, 502);
  assert.equal(errorCode(got), 'zoom_download_denied');
  assert.match(got.text, /Zoom refused to hand over this recording file/);
  assert.match(String(got.headers['content-type']), /^application\/json/);
  assert.doesNotMatch(got.text, /Only the host can download/);
  assert.equal(stack.sim.seen.requests.filter((r) => r.kind === 'web').length, 2, 'tried once more, not forever');
  assert.equal(stack.sim.seen.oauthMints, 1, 'with a fresh token');
  assert.equal(stack.sim.seen.requests.filter((r) => r.kind === 'cdn').length, 0);
  assert.equal(await metricValue(stack, 'zlp_downloads_total', { outcome: 'denied' }), denied + 1);
});

test('a browser gets the proxy\'s own small page, not Zoom\'s', async () => {
  const got = await download(signedLink(stack, fileId), { agent, headers: { accept: 'text/html' } });
  assert.equal(got.status, 502);
  assert.match(got.text, /This link could not be opened/);
  assert.doesNotMatch(got.text, /Only the host can download/);
});

test('the drop-in path refuses the same way', async () => {
  const got = await download(`${stack.url}/rec/download/${fileId}`, { agent, headers: { authorization: `Bearer ${CANARY.clientKey}` } });
  assert.deepEqual([got.status, errorCode(got)], [502, 'zoom_download_denied']);
});
