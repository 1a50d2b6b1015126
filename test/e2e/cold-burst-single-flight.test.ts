import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request as undiciRequest, Agent } from 'undici';
import type { Config } from '../../src/config/config.js';
import { addRecordingFiles, download, signedLink } from '../helpers/download-client.js';
import { viaProxy } from '../helpers/passthrough.js';
import { BOT_USER, CANARY, startStack } from '../helpers/start-stack.js';

// Generous Zoom deadline: this is about counting mints, and CI machines are busy.
const configure = (c: Config): void => {
  c.zoom.timeoutSeconds = 20;
  // The bursts come from one client key and one link: what is tested is the single mint, not the per-client limits.
  c.passthrough.maxConcurrentPerClient = 100;
  c.downloads.maxConcurrentPerLink = 50;
};

test('hundreds of concurrent start links for a cold host: one OAuth mint, one ZAK mint, all 302', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure });
  const agent = new Agent({ connections: 50, keepAliveTimeout: 100 });
  try {
    const host = stack.sim.addUser({ email: 'cold@example.com' });
    const meeting = stack.sim.addMeeting({ hostId: host.id });
    // Slow Zoom down a little so the requests truly overlap the mints.
    stack.sim.faults.delay({ match: { kind: 'oauth' }, headersMs: 100 });
    // Zoom's per-second limits hold (the clock stands still: the whole burst is one second): a proxy
    // that asked Zoom once per click would get 429s, not 302s.
    stack.sim.faults.enforceRateLimits(true);
    const statuses = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const res = await undiciRequest(`${stack.url}/start/${meeting.id}`, { headers: { authorization: `Bearer ${CANARY.clientKey}` }, dispatcher: agent });
        await res.body.dump();
        return res.statusCode;
      }),
    );
    assert.deepEqual(new Set(statuses), new Set([302]));
    assert.equal(stack.sim.seen.oauthMints, 1);
    assert.equal(stack.sim.seen.zakMints(host.id), 1);
    const lookUps = stack.sim.seen.requests.filter((r) => r.kind === 'api' && r.rawPath === `/v2/meetings/${meeting.id}`);
    assert.equal(lookUps.length, 1, 'one meeting look-up for the whole burst');
  } finally {
    await agent.close();
    await stack.close();
  }
});

test('hundreds of concurrent bot ZAK fetches on a cold cache: one OAuth mint, one ZAK mint', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure });
  const agent = new Agent({ connections: 50, keepAliveTimeout: 100 });
  try {
    stack.sim.addUser({ email: BOT_USER });
    stack.sim.faults.delay({ match: { path: /\/token$/ }, headersMs: 100 });
    stack.sim.faults.enforceRateLimits(true); // as above: one second, Zoom's limits
    const bodies = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const res = await undiciRequest(`${stack.url}/zak?token=${CANARY.botToken}`, { dispatcher: agent });
        assert.equal(res.statusCode, 200);
        return res.body.text();
      }),
    );
    assert.equal(new Set(bodies).size, 1);
    assert.equal(stack.sim.seen.oauthMints, 1);
    assert.equal(stack.sim.seen.zakMints(BOT_USER), 1);
  } finally {
    await agent.close();
    await stack.close();
  }
});

test('a hundred concurrent /v2 calls on a cold token: one OAuth mint, all answered', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure });
  const agent = new Agent({ connections: 50, keepAliveTimeout: 100 });
  try {
    const host = stack.sim.addUser({ email: 'cold@example.com' });
    stack.sim.faults.delay({ match: { kind: 'oauth' }, headersMs: 100 });
    const statuses = await Promise.all(Array.from({ length: 100 }, async () => (await viaProxy(stack, agent, 'GET', `/users/${host.id}`)).status));
    assert.deepEqual(new Set(statuses), new Set([200]));
    assert.equal(stack.sim.seen.oauthMints, 1);
  } finally {
    await agent.close();
    await stack.close();
  }
});

test('fifty concurrent downloads on a cold token: one OAuth mint, every file whole', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure });
  const agent = new Agent({ connections: 50, keepAliveTimeout: 100 });
  try {
    const [fileId] = addRecordingFiles(stack, { fileType: 'M4A', size: 50_000 });
    stack.sim.faults.delay({ match: { kind: 'oauth' }, headersMs: 100 });
    const got = await Promise.all(Array.from({ length: 50 }, () => download(signedLink(stack, fileId), { agent })));
    assert.deepEqual(new Set(got.map((g) => `${g.status} ${g.sha256}`)), new Set([`200 ${stack.sim.fileSha256(fileId)}`]));
    assert.equal(stack.sim.seen.oauthMints, 1);
  } finally {
    await agent.close();
    await stack.close();
  }
});
