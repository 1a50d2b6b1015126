import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import { DEMO, startSimulator, type ZoomSimulator } from '../../simulator/simulator.js';
import { spawnProxy, type SpawnedProxy } from '../helpers/spawn-proxy.js';

/**
 * SIGHUP on the real process: the file it started with is read again; a valid one is applied to new
 * requests (keys, tokens, link secrets) except where it listens, which the log names as needing a
 * restart; an invalid one keeps the running configuration and logs the start's `config error:`
 * sentence at level error. The secrets of both configurations never reach the output.
 */
const SECRETS = {
  oauth: 'CANARY-sighup-oauth-client-secret-0c4f',
  link1: 'CANARY-sighup-link-secret-first-0123456789',
  link2: 'CANARY-sighup-link-secret-second-987654321',
  key1: 'CANARY-sighup-client-key-first-11',
  key2: 'CANARY-sighup-client-key-second-22',
  bot1: 'CANARY-sighup-bot-token-first-111',
  bot2: 'CANARY-sighup-bot-token-second-22',
};

function configText(sim: ZoomSimulator, change: { port: number; secret: string; previousSecrets: string[]; key: string; bot: string; keyPrefix?: string }): string {
  return JSON.stringify({
    listen: { host: '127.0.0.1', port: change.port },
    zoom: {
      ...sim.credentials, oauthUrl: sim.oauthUrl, apiUrl: sim.apiUrl, webUrl: sim.webUrl,
      downloadHosts: [new URL(sim.webUrl).hostname, new URL(sim.cdnUrl).hostname],
    },
    links: { secret: change.secret, previousSecrets: change.previousSecrets },
    clients: [{ name: 'app', key: change.key, users: ['*'] }],
    bots: [{ name: 'bot', token: change.bot, user: DEMO.users.bot.email }],
    log: { level: 'info' },
    ...(change.keyPrefix === undefined ? {} : { store: { keyPrefix: change.keyPrefix } }),
  });
}

/** The first JSON log line after the first `skip` ones that `match` accepts, waiting up to 5 s for it. */
async function logLine(proc: SpawnedProxy, skip: number, match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const lines = proc.stdout().split('\n').filter((l) => l.startsWith('{')).slice(skip).map((l) => JSON.parse(l) as Record<string, unknown>);
    const found = lines.find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no such log line in:\n${proc.stdout()}`);
}

const lineCount = (proc: SpawnedProxy): number => proc.stdout().split('\n').filter((l) => l.startsWith('{')).length;

async function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await request(url, { headers });
  await res.body.dump();
  return res.statusCode;
}

test('SIGHUP applies a valid file to new requests, names listen.port and store as needing a restart, and keeps the running configuration when the file is bad', async () => {
  const sim = await startSimulator({ credentials: { accountId: 'sighup-account', clientId: 'sighup-client', clientSecret: SECRETS.oauth } });
  const file = join(mkdtempSync(join(tmpdir(), 'zlp-sighup-')), 'config.json');
  writeFileSync(file, configText(sim, { port: 0, secret: SECRETS.link1, previousSecrets: [], key: SECRETS.key1, bot: SECRETS.bot1 }));
  const proc = spawnProxy(['--config', file]);
  try {
    const url = await proc.listening;
    const me = `${url}/v2/users/me`;
    assert.equal(await status(me, { authorization: `Bearer ${SECRETS.key1}` }), 200);
    assert.equal(await status(`${url}/zak?token=${SECRETS.bot1}`), 200);
    const minted = await request(`${url}/start/${DEMO.meetings.aliceScheduled}`, { headers: { authorization: `Bearer ${SECRETS.key1}`, accept: 'application/json' } });
    const startLink = ((await minted.body.json()) as { start_url: string }).start_url;

    // A valid file: new keys, tokens and link secret (the old one kept as previous), a new port and store prefix.
    writeFileSync(file, configText(sim, { port: 1, secret: SECRETS.link2, previousSecrets: [SECRETS.link1], key: SECRETS.key2, bot: SECRETS.bot2, keyPrefix: 'zlp-next:' }));
    let skip = lineCount(proc);
    proc.child.kill('SIGHUP');
    const reloaded = await logLine(proc, skip, (l) => String(l.msg).startsWith('configuration reloaded'));
    assert.equal(reloaded.level, 40);
    assert.deepEqual(reloaded.restartNeeded, ['listen.port', 'store.keyPrefix']);
    assert.match(String(reloaded.msg), /listen\.port, store\.keyPrefix.*restart/);
    assert.equal(await status(me, { authorization: `Bearer ${SECRETS.key1}` }), 401, 'the old key is gone');
    assert.equal(await status(me, { authorization: `Bearer ${SECRETS.key2}` }), 200, 'the new key works');
    assert.equal(await status(`${url}/zak?token=${SECRETS.bot1}`), 401, 'the old bot token is gone');
    assert.equal(await status(`${url}/zak?token=${SECRETS.bot2}`), 200, 'the new bot token works');
    assert.equal(await status(startLink), 302, 'a link signed with the previous secret still starts the meeting');
    assert.equal(await status(`${url}/healthz`), 200, 'still listening where it was');

    // A bad file: nothing changes, and the log says why, as a start would.
    writeFileSync(file, configText(sim, { port: 0, secret: 'too-short', previousSecrets: [], key: SECRETS.key1, bot: SECRETS.bot1 }));
    skip = lineCount(proc);
    proc.child.kill('SIGHUP');
    const refused = await logLine(proc, skip, (l) => String(l.msg).startsWith('config error:'));
    assert.equal(refused.msg, 'config error: links.secret: must be at least 32 characters');
    assert.equal(refused.level, 50);
    assert.equal(await status(me, { authorization: `Bearer ${SECRETS.key2}` }), 200, 'the running configuration stays');
    assert.equal(await status(me, { authorization: `Bearer ${SECRETS.key1}` }), 401);
    assert.equal(await status(startLink), 302);
  } finally {
    proc.child.kill('SIGTERM');
    await sim.close();
  }
  assert.equal((await proc.exited).code, 0);
  const output = proc.stdout() + proc.stderr();
  if (process.env.SHOW_LOG) process.stderr.write(output);
  for (const [name, secret] of Object.entries(SECRETS)) assert.ok(!output.includes(secret), `${name} reached the output`);
});
