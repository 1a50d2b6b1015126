import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnProxy } from '../helpers/spawn-proxy.js';

/**
 * A configuration that is valid but unsafe starts, and says so: one JSON line at level warn per
 * problem, naming the key, before "listening". The secret that http:// would expose is not in them.
 */
const CLIENT_SECRET = 'CANARY-warnings-client-secret-93e1';

function configFile(body: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'zlp-warn-')), 'config.json');
  writeFileSync(file, JSON.stringify(body));
  return file;
}

interface Line {
  level: number;
  msg: string;
  key?: string;
}

async function startAndRead(body: unknown): Promise<Line[]> {
  const proc = spawnProxy(['--config', configFile(body)], { env: { PORT: undefined, ZOOM_PROXY_CONFIG: undefined } });
  try {
    await proc.listening;
  } finally {
    proc.child.kill('SIGTERM');
  }
  assert.equal((await proc.exited).code, 0, proc.stderr());
  assert.ok(!proc.stdout().includes(CLIENT_SECRET) && !proc.stderr().includes(CLIENT_SECRET));
  return proc.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);
}

// Zoom on a closed loopback port over https: the start-time token check fails at once, without a
// lookup or a packet leaving the machine, and https gives no configuration warning.
const base = {
  listen: { host: '127.0.0.1', port: 0 },
  zoom: { accountId: 'acct', clientId: 'id', clientSecret: CLIENT_SECRET, oauthUrl: 'https://127.0.0.1:9/oauth/token', apiUrl: 'https://127.0.0.1:9/v2' },
  links: { secret: 'warnings-test-link-secret-0f8e7d6c5b4a' },
};

test('http:// to a remote Zoom and IP download hosts are warned about at start, key by key; the start goes on', async () => {
  const lines = await startAndRead({
    ...base,
    zoom: { ...base.zoom, oauthUrl: 'http://zoom-oauth.invalid/oauth/token', apiUrl: 'http://api.zoom-proxy-test.invalid/v2', downloadHosts: ['zoom.us', '127.0.0.1'] },
  });
  const warnings = lines.filter((l) => l.msg.startsWith('config warning: '));
  assert.deepEqual(warnings.map((l) => [l.level, l.key]), [[40, 'zoom.oauthUrl'], [40, 'zoom.apiUrl'], [40, 'zoom.downloadHosts[1]']]);
  assert.match(warnings[0]?.msg ?? '', /^config warning: zoom\.oauthUrl: is http:\/\/, so the OAuth client secret crosses the network in clear text/);
  const listening = lines.findIndex((l) => l.msg === 'listening');
  assert.ok(listening > lines.indexOf(warnings[2] as Line), 'warned before listening');
});

test('a configuration with https:// Zoom URLs and named download hosts starts without a configuration warning', async () => {
  const lines = await startAndRead(base);
  assert.ok(lines.some((l) => l.msg === 'listening'));
  // The start-time token check warns that this Zoom cannot be reached; no configuration warning.
  assert.deepEqual(lines.filter((l) => l.msg.startsWith('config warning')), []);
});
