import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnProxy } from '../helpers/spawn-proxy.js';

// Found in review: a misspelt option (`--conifg`, `-c`, a bare file name) was ignored: with no ZOOM_PROXY_CONFIG and no
// ./config.json the production start silently became DEMO MODE on port 8080, /healthz and /readyz 200
// (the simulator's OAuth works), and an orchestrator routed real traffic to the demo. An unknown key in
// the file stops the start; an unknown option on the command line should too.
for (const args of [['--conifg', '/etc/zoom-link-proxy/config.json'], ['-c', '/etc/zoom-link-proxy/config.json'], ['/etc/zoom-link-proxy/config.json']]) {
  test(`${JSON.stringify(args)} stops the start with a config error instead of starting the demo`, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'zlp-review-e-cli-'));
    const proc = spawnProxy(args, { cwd, env: { ZOOM_PROXY_CONFIG: undefined, PORT: '0' } });
    const outcome = await Promise.race([
      proc.exited.then(({ code }) => `exited ${code}`),
      proc.listening.then(() => 'listening', () => 'not listening'),
    ]);
    if (outcome === 'listening') {
      await new Promise((r) => setTimeout(r, 300)); // let the banner (written after the listening line) arrive
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    assert.equal(outcome, 'exited 1', `it started instead (demo mode: ${proc.stdout().includes('DEMO MODE')})`);
    assert.match(proc.stderr(), /^config error: /);
    // `npm start --config FILE` (without `--`) reaches node as a bare file name: the line says how to pass it.
    assert.match(proc.stderr(), /npm start -- --config FILE/);
  });
}
