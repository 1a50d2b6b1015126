import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, errorCode, signedLink, zoomDownloadUrl } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

let fileId: string;
let otherId: string;
const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  [fileId, otherId] = addRecordingFiles(stack, { fileType: 'M4A', size: 1000 }, { fileType: 'MP4', size: 1000 });
});

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

async function refused(path: string): Promise<string | undefined> {
  const got = await download(`${stack.url}${path}`, { agent });
  assert.equal(got.status, 403, path);
  return errorCode(got);
}

test('tampered, truncated, re-used for another file, stretched or half-missing links: 403 link_invalid, and Zoom is never asked', async () => {
  const link = new URL(signedLink(stack, fileId));
  const exp = link.searchParams.get('exp') ?? '';
  const sig = link.searchParams.get('sig') ?? '';
  const encoded = link.pathname.split('/')[2] ?? '';
  const flip = (s: string, at: number): string => `${s.slice(0, at)}${s[at] === 'A' ? 'B' : 'A'}${s.slice(at + 1)}`;
  stack.sim.seen.reset();
  for (const path of [
    `/download/${encoded}?exp=${exp}&sig=${flip(sig, 7)}`,
    `/download/${encoded}?exp=${exp}&sig=${sig.slice(0, 30)}`,
    `/download/${b64(zoomDownloadUrl(stack, otherId))}?exp=${exp}&sig=${sig}`,
    `/download/${flip(encoded, encoded.length - 3)}?exp=${exp}&sig=${sig}`,
    `/download/${encoded.slice(0, -4)}?exp=${exp}&sig=${sig}`,
    `/download/${encoded}?exp=${Number(exp) + 3600}&sig=${sig}`,
    `/download/${encoded}?exp=${exp}`,
    `/download/${encoded}?sig=${sig}`,
    `/download/${encoded}?exp=${exp}&sig=${sig}&sig=${sig}`,
    `/download/${encoded}=?exp=${exp}&sig=${sig}`,
    `/download/${encoded.replace(/-/g, '+')}x?exp=${exp}&sig=${sig}`,
    `/download/${encoded.slice(0, 10)}%${encoded.slice(10)}?exp=${exp}&sig=${sig}`,
    `/download/%zz?exp=${exp}&sig=${sig}`,
  ]) {
    assert.equal(await refused(path), 'link_invalid', path);
  }
  assert.equal(stack.sim.seen.requests.length, 0);
  assert.equal((await download(link.href, { agent })).status, 200, 'the genuine link still works');
});

test('a start link\'s signature does not open a download', async () => {
  const { exp, sig } = stack.proxy.services.signer.sign('start', zoomDownloadUrl(stack, fileId), 600);
  assert.equal(await refused(`/download/${b64(zoomDownloadUrl(stack, fileId))}?exp=${exp}&sig=${sig}`), 'link_invalid');
});

test('an expired link: 403 link_expired (the clock moves, nobody sleeps)', async () => {
  const link = new URL(signedLink(stack, fileId));
  const ttlMs = stack.config.links.downloadTtlSeconds * 1000;
  stack.clock.advance(ttlMs - 1000);
  try {
    assert.equal((await download(link.href, { agent })).status, 200, 'a second before expiry it works');
    stack.clock.advance(1000);
    assert.equal(await refused(`${link.pathname}${link.search}`), 'link_expired');
  } finally {
    stack.clock.advance(-ttlMs);
  }
});

test('a genuinely signed link to a host outside zoom.downloadHosts (private and link-local addresses included), or not http(s): 403 link_invalid, nothing asked there', async () => {
  for (const url of [`${stack.sim.foreignUrl}/rec/download/${fileId}`, `ftp://${new URL(stack.sim.webUrl).host}/rec/download/${fileId}`, 'not a url', 'http://169.254.169.254/rec/download/x', 'http://10.0.0.1/rec/download/x', 'http://[::1]/rec/download/x']) {
    const { exp, sig } = stack.proxy.services.signer.sign('download', url, 600);
    assert.equal(await refused(`/download/${b64(url)}?exp=${exp}&sig=${sig}`), 'link_invalid', url);
  }
  assert.equal(stack.sim.seen.foreignHits, 0);
});
