import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinkSigner, type LinkKind } from '../../src/links/link-signer.js';
import { DEMO } from '../../simulator/simulator.js';
import { viaProxy } from '../helpers/passthrough.js';
import { reloadStack } from '../helpers/reload-stack.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * Rotating links.secret by reload: links handed out before keep working while the old secret is in
 * links.previousSecrets, and stop once it is removed; links handed out after are signed with the new
 * secret only, even for a meeting or file whose link was remembered (reused) just before.
 */
const NEW_SECRET = 'CANARY-link-secret-after-rotation-9f8e7d6c5b4a';
const MEETING = DEMO.meetings.aliceScheduled;

const agent = useAgent();
const stack = useStack();

/** The signed start link of the meeting and the download link of its MP4, as the passthrough rewrites them now. */
async function handedOut(): Promise<{ start: string; download: string }> {
  const meeting = await viaProxy(stack, agent, 'GET', `/meetings/${MEETING}`);
  assert.equal(meeting.status, 200, meeting.text);
  const recordings = await viaProxy(stack, agent, 'GET', `/meetings/${MEETING}/recordings`);
  assert.equal(recordings.status, 200, recordings.text);
  const files = recordings.json<{ recording_files: { id?: string; download_url: string }[] }>().recording_files;
  const mp4 = files.find((f) => f.id === DEMO.recordings.aliceScheduled.files.mp4);
  assert.ok(mp4);
  return { start: meeting.json<{ start_url: string }>().start_url, download: mp4.download_url };
}

/** Whether `link` verifies with `secret` alone. */
function signedWith(link: string, kind: LinkKind, secret: string): boolean {
  const url = new URL(link);
  const last = url.pathname.split('/').at(-1) ?? '';
  const subject = kind === 'start' ? last : Buffer.from(last, 'base64url').toString('utf8');
  return createLinkSigner(secret, stack.clock.now).verify(kind, subject, url.searchParams.get('exp') ?? undefined, url.searchParams.get('sig') ?? undefined) === 'ok';
}

async function follow(link: string): Promise<{ status: number; code?: string }> {
  const url = new URL(link);
  const res = await agent.request({ origin: url.origin, path: url.pathname + url.search, method: 'GET' });
  const text = await res.body.text();
  return { status: res.statusCode, code: res.statusCode >= 400 ? (JSON.parse(text) as { error: { code: string } }).error.code : undefined };
}

test('old links work through a rotation with previousSecrets and stop once it is removed; new links carry the new secret only', async () => {
  const old = await handedOut();
  assert.ok(signedWith(old.start, 'start', CANARY.linkSecret));
  assert.ok(signedWith(old.download, 'download', CANARY.linkSecret));

  assert.equal(
    reloadStack(stack, (c) => {
      c.links.secret = NEW_SECRET;
      c.links.previousSecrets = [CANARY.linkSecret];
    }),
    true,
  );
  assert.equal((await follow(old.start)).status, 302, 'a start link handed out before the rotation');
  assert.equal((await follow(old.download)).status, 200, 'a download link handed out before the rotation');

  // Within the reuse window of the links just handed out: none of them may come back.
  const fresh = await handedOut();
  assert.notEqual(fresh.start, old.start);
  assert.notEqual(fresh.download, old.download);
  assert.ok(signedWith(fresh.start, 'start', NEW_SECRET) && !signedWith(fresh.start, 'start', CANARY.linkSecret));
  assert.ok(signedWith(fresh.download, 'download', NEW_SECRET) && !signedWith(fresh.download, 'download', CANARY.linkSecret));
  const minted = await agent.request({
    origin: stack.url, path: `/start/${MEETING}`, method: 'GET',
    headers: { authorization: `Bearer ${CANARY.clientKey}`, accept: 'application/json' },
  });
  const mintedLink = ((await minted.body.json()) as { start_url: string }).start_url;
  assert.ok(signedWith(mintedLink, 'start', NEW_SECRET) && !signedWith(mintedLink, 'start', CANARY.linkSecret), 'the JSON form of /start');

  assert.equal(reloadStack(stack, (c) => (c.links.previousSecrets = [])), true);
  assert.deepEqual(await follow(old.start), { status: 403, code: 'link_invalid' });
  assert.deepEqual(await follow(old.download), { status: 403, code: 'link_invalid' });
  assert.equal((await follow(fresh.start)).status, 302);
  assert.equal((await follow(fresh.download)).status, 200);

  const log = stack.logs.text();
  for (const secret of [CANARY.linkSecret, NEW_SECRET]) assert.ok(!log.includes(secret), 'no link secret in the log');
});
