/**
 * Found in review: the start-time OAuth check holds the token provider of the configuration
 * the process started with. An operator who sees Zoom slow or the credential wrong, fixes the file and
 * sends SIGHUP gets, after `configuration reloaded`, a warning about the credential no longer in force
 * (here `zoom_timeout` for the old oauthUrl), while the new one works. The warning should not outlive
 * the reload (or the check should be of the configuration in force).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startSimulator } from '../../simulator/simulator.js';
import { spawnProxy, type SpawnedProxy } from '../helpers/spawn-proxy.js';

const SECRET = 'a-link-secret-for-the-start-check-review-0123';
let proc: SpawnedProxy | undefined;
after(() => {
  if (proc && proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
});

interface LogLine { level: number; msg: string; code?: string }
const lines = (p: SpawnedProxy): LogLine[] => p.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);

test('after a SIGHUP that fixed Zoom, no start-check warning about the old configuration', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  // An OAuth endpoint that never answers: the old configuration's Zoom is "slow".
  const silent: Server = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'zlp-review-')), 'config.json');
    const write = (zoom: Record<string, unknown>): void =>
      writeFileSync(file, JSON.stringify({ listen: { port: 0 }, zoom: { ...sim.credentials, apiUrl: sim.apiUrl, webUrl: sim.webUrl, timeoutSeconds: 2, ...zoom }, links: { secret: SECRET } }));
    write({ oauthUrl: `${silentUrl}/oauth/token` });
    proc = spawnProxy(['--config', file], { env: { PORT: undefined } });
    await proc.listening;
    write({ oauthUrl: sim.oauthUrl });
    proc.child.kill('SIGHUP');
    for (let w = 0; w < 5000 && !lines(proc).some((l) => l.msg.startsWith('configuration reloaded')); w += 50) await new Promise((r) => setTimeout(r, 50));
    assert.ok(lines(proc).some((l) => l.msg.startsWith('configuration reloaded')), proc.stdout());
    await new Promise((r) => setTimeout(r, 3000));
    const all = lines(proc);
    const reloadedAt = all.findIndex((l) => l.msg.startsWith('configuration reloaded'));
    const stale = all.slice(reloadedAt + 1).filter((l) => l.level === 40 && l.code !== undefined);
    assert.deepEqual(stale.map((l) => `${l.code}: ${l.msg}`), []);
    proc.child.kill('SIGTERM');
    await proc.exited;
  } finally {
    silent.closeAllConnections();
    silent.close();
    await sim.close();
  }
});
