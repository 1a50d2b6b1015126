import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { request } from 'undici';
import { startSimulator, type ZoomSimulator } from '../../simulator/simulator.js';
import { spawnProxy, type SpawnedProxy } from '../helpers/spawn-proxy.js';

// Found on a fresh set-up: a wrong zoom.clientSecret or an unreachable Zoom was noticed only by the
// first request. The start now gets a token in the background, after the listening line, and says in
// one warning what to check, without refusing to start.

const WRONG_SECRET = 'wrong-client-secret-canary-7f3a9c';

function writeConfig(zoom: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'zlp-start-check-')), 'config.json');
  writeFileSync(file, JSON.stringify({ listen: { port: 0 }, zoom, links: { secret: 'a-link-secret-for-the-start-check-test-0123' } }));
  return file;
}

function zoomOf(sim: ZoomSimulator, override: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...sim.credentials, oauthUrl: sim.oauthUrl, apiUrl: sim.apiUrl, webUrl: sim.webUrl, timeoutSeconds: 2, ...override };
}

interface LogLine {
  level: number;
  msg: string;
  code?: string;
}

function lines(proc: SpawnedProxy): LogLine[] {
  return proc.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
}

/** Waits until a line after `listening` says how the check went (a warning, or Zoom's acceptance). */
async function checkOutcome(proc: SpawnedProxy): Promise<LogLine> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const found = lines(proc).find((l) => l.level === 40 || l.msg === 'Zoom accepted the OAuth credential');
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no outcome of the start check was logged: ${proc.stdout()}`);
}

const spawned: SpawnedProxy[] = [];
// A failed assertion must not leave a proxy running (it would hold the test file open).
after(() => {
  for (const proc of spawned) if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
});

async function started(file: string): Promise<{ proc: SpawnedProxy; url: string; outcome: LogLine }> {
  const proc = spawnProxy(['--config', file], { env: { PORT: undefined } });
  spawned.push(proc);
  const url = await proc.listening;
  const outcome = await checkOutcome(proc);
  const msgs = lines(proc).map((l) => l.msg);
  assert.ok(msgs.indexOf('listening') < msgs.indexOf(outcome.msg), 'the listening line came first: the check does not delay it');
  const health = await request(`${url}/healthz`);
  await health.body.dump();
  assert.equal(health.statusCode, 200, 'the proxy started and serves');
  return { proc, url, outcome };
}

async function stop(proc: SpawnedProxy): Promise<void> {
  proc.child.kill('SIGTERM');
  assert.equal((await proc.exited).code, 0);
}

test('a wrong client secret: one warning (level 40) naming the credential keys, the secret nowhere, the proxy serves', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  try {
    const { proc, outcome } = await started(writeConfig(zoomOf(sim, { clientSecret: WRONG_SECRET })));
    assert.equal(outcome.level, 40);
    assert.match(outcome.msg, /^Zoom refused the OAuth credential: check zoom\.accountId\/clientId\/clientSecret/);
    assert.equal(outcome.code, 'zoom_auth_failed');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(lines(proc).filter((l) => l.level === 40).length, 1, 'one warning');
    await stop(proc);
    assert.ok(!proc.stdout().includes(WRONG_SECRET) && !proc.stderr().includes(WRONG_SECRET), 'the secret reached no output');
  } finally {
    await sim.close();
  }
});

test('Zoom unreachable: one warning naming zoom.oauthUrl and the network, the proxy serves', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  // A port that was just free: nothing listens there.
  const closed = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  try {
    const { proc, outcome } = await started(writeConfig(zoomOf(sim, { oauthUrl: `http://127.0.0.1:${closed}/oauth/token` })));
    assert.equal(outcome.level, 40);
    assert.match(outcome.msg, new RegExp(`^Zoom could not be reached at http://127\\.0\\.0\\.1:${closed}: check zoom\\.oauthUrl`));
    assert.equal(outcome.code, 'zoom_unreachable');
    await stop(proc);
  } finally {
    await sim.close();
  }
});

test('a working credential: no warning, the token is held for the first request', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  try {
    const { proc, url, outcome } = await started(writeConfig(zoomOf(sim)));
    assert.equal(outcome.level, 30);
    const ready = await request(`${url}/readyz`);
    await ready.body.dump();
    assert.equal(ready.statusCode, 200);
    assert.equal(lines(proc).filter((l) => l.level >= 40).length, 0);
    await stop(proc);
  } finally {
    await sim.close();
  }
});
