import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
const files = DEMO.recordings.aliceScheduled.files;
const downloadUrl = (id: string, shape = '/rec/download/'): string => `${h.sim.webUrl}${shape}${id}`;

function assertHtmlDenial(res: { status: number; headers: Record<string, unknown>; text: string }): void {
  assert.equal(res.status, 200, 'Zoom says "not authorized" with a 200');
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(res.text, /Only the host can download this recording/);
}

test('a good Bearer token gets 302 to a pre-signed CDN URL, on every download path shape', async () => {
  const auth = { authorization: `Bearer ${await h.accessToken()}` };
  for (const shape of ['/rec/download/', '/rec/archive/download/', '/rec/webhook_download/']) {
    const res = await h.get(downloadUrl(files.mp4, shape), auth);
    assert.equal(res.status, 302);
    const location = new URL(String(res.headers.location));
    assert.equal(location.origin, h.sim.cdnUrl);
    assert.equal(location.pathname, `/file/${files.mp4}`);
    assert.ok(location.searchParams.get('expires') && location.searchParams.get('signature'));
  }
});

test('the CDN URL works with no Authorization; the file matches file_size and fileSha256', async () => {
  const res = await h.get(downloadUrl(files.transcript), { authorization: `Bearer ${await h.accessToken()}` });
  const file = await h.get(String(res.headers.location));
  assert.equal(file.status, 200);
  assert.equal(file.body.length, 8_205);
  assert.equal(file.headers['content-type'], 'text/plain');
  assert.ok(file.text.startsWith('WEBVTT'));
});

test('no token, a bad token, an invalidated token or a query token: 200 HTML, not the file', async () => {
  const token = await h.accessToken();
  assertHtmlDenial(await h.get(downloadUrl(files.mp4)));
  assertHtmlDenial(await h.get(downloadUrl(files.mp4), { authorization: 'Bearer wrong' }));
  assertHtmlDenial(await h.get(`${downloadUrl(files.mp4)}?access_token=${token}`));
  h.sim.faults.invalidateAccessTokens();
  assertHtmlDenial(await h.get(downloadUrl(files.mp4), { authorization: `Bearer ${token}` }));
});

test('denyFile: the HTML page even with a good token, until cleared', async () => {
  const auth = { authorization: `Bearer ${await h.accessToken()}` };
  h.sim.faults.denyFile(files.m4a);
  assertHtmlDenial(await h.get(downloadUrl(files.m4a), auth));
  assert.equal((await h.get(downloadUrl(files.mp4), auth)).status, 302, 'other files unaffected');
  h.sim.faults.clear();
  assert.equal((await h.get(downloadUrl(files.m4a), auth)).status, 302);
});

test('an unknown file is a 404 HTML page', async () => {
  const res = await h.get(downloadUrl('no-such-file'), { authorization: `Bearer ${await h.accessToken()}` });
  assert.equal(res.status, 404);
  assert.match(String(res.headers['content-type']), /^text\/html/);
});

test('redirectForeign: the 302 names the foreign host, which counts its hits', async () => {
  const auth = { authorization: `Bearer ${await h.accessToken()}` };
  h.sim.faults.redirectForeign(files.mp4);
  const res = await h.get(downloadUrl(files.mp4), auth);
  assert.equal(res.status, 302);
  const location = String(res.headers.location);
  assert.ok(location.startsWith(`${h.sim.foreignUrl}/`));
  assert.equal(h.sim.seen.foreignHits, 0);
  const foreign = await h.get(location);
  assert.deepEqual([foreign.status, foreign.text], [200, 'foreign']);
  assert.equal(h.sim.seen.foreignHits, 1);
  h.sim.faults.clear();
});

test('HEAD of a download gets the same 302', async () => {
  const res = await h.send('HEAD', downloadUrl(files.mp4), { headers: { authorization: `Bearer ${await h.accessToken()}` } });
  assert.equal(res.status, 302);
});
