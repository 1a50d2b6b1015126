import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startSimulator } from '../../simulator/simulator.js';
import { spawnProxy, type SpawnedProxy } from '../helpers/spawn-proxy.js';

// With several accounts on the same Zoom hosts, the process's start check names the account on each
// line (it once named neither the account nor anything that told them apart: whose credential did Zoom refuse?).

const WRONG_SECRET = 'wrong-client-secret-partner-5b2e91';

interface LogLine {
  level: number;
  msg: string;
  code?: string;
  account?: string;
}

const spawned: SpawnedProxy[] = [];
after(() => {
  for (const proc of spawned) if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
});

test("with several accounts, the start check says which account's credential Zoom refused and which it accepted", async (t) => {
  const sim = await startSimulator({ accounts: [{ name: 'commercial', seed: 'demo' }, { name: 'partner' }] });
  t.after(() => sim.close());
  const zoomOf = (name: string, override: Record<string, unknown> = {}): Record<string, unknown> => {
    const account = sim.account(name);
    return { name, ...account.credentials, oauthUrl: account.oauthUrl, apiUrl: account.apiUrl, webUrl: account.webUrl, timeoutSeconds: 2, ...override };
  };
  const file = join(mkdtempSync(join(tmpdir(), 'zlp-start-check-accounts-')), 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      listen: { port: 0 },
      zoom: [zoomOf('commercial'), zoomOf('partner', { clientSecret: WRONG_SECRET })],
      links: { secret: 'a-link-secret-for-the-start-check-test-0123' },
    }),
  );
  const proc = spawnProxy(['--config', file], { env: { PORT: undefined } });
  spawned.push(proc);
  await proc.listening;
  const lines = (): LogLine[] => proc.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
  const outcomes = (): LogLine[] => lines().filter((l) => l.level === 40 || l.msg === 'Zoom accepted the OAuth credential');
  for (let waited = 0; outcomes().length < 2 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  const [refused, ...others] = outcomes().filter((l) => l.level === 40);
  assert.equal(others.length, 0, 'one warning: the partner account alone is refused');
  assert.equal(refused?.code, 'zoom_auth_failed');
  assert.equal(refused.account, 'partner', `the warning names the account: ${JSON.stringify(refused)}`);
  const accepted = outcomes().find((l) => l.msg === 'Zoom accepted the OAuth credential');
  assert.equal(accepted?.account, 'commercial', `the acceptance names the account: ${JSON.stringify(accepted)}`);
  assert.ok(!proc.stdout().includes(WRONG_SECRET), 'the refused secret is not logged');
  proc.child.kill('SIGTERM');
  await proc.exited;
});
