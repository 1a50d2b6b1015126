import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import { spawnProxy } from '../helpers/spawn-proxy.js';

test('SIGHUP in demo mode: nothing to reload, it says so and keeps serving', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'zlp-demo-hup-')); // no config.json here
  const proc = spawnProxy([], { cwd, env: { PORT: '0', ZOOM_PROXY_CONFIG: undefined } });
  try {
    const url = await proc.listening;
    proc.child.kill('SIGHUP');
    let said: Record<string, unknown> | undefined;
    for (let waited = 0; said === undefined && waited < 5000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
      said = proc.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => String(l.msg).startsWith('SIGHUP'));
    }
    assert.equal(said?.msg, 'SIGHUP: demo mode has no configuration file to reload; nothing changed');
    assert.equal(said?.level, 40);
    const res = await request(`${url}/healthz`);
    await res.body.dump();
    assert.equal(res.statusCode, 200);
  } finally {
    proc.child.kill('SIGTERM');
  }
  assert.equal((await proc.exited).code, 0);
});
