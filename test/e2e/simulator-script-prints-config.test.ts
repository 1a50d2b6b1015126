import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { spawnProxy, type SpawnedProxy } from '../helpers/spawn-proxy.js';

// `npm run simulator` (which execs this script) is how a real configuration is tried against the
// simulator: what it prints must be a configuration file the proxy starts with, and a request through
// that proxy must reach the simulator. The script is run with node directly: through npm, the
// `presimulator` build step and npm's own process sit in between (an earlier draft hung there).

const SERVE_SIMULATOR = fileURLToPath(new URL('../../src/demo/serve-simulator.js', import.meta.url));

interface PrintedConfig {
  zoom: { oauthUrl: string; webUrl: string; downloadHosts: string[] };
  bots: Array<{ token: string }>;
  clients: Array<{ key: string }>;
}

test('the simulator script prints a configuration that a proxy starts with; a bot /zak through it works', { timeout: 60_000 }, async () => {
  // Port 0 here (tests run side by side); the script's own default is the fixed 9901.
  const env = { ...process.env };
  delete env['SIMULATOR_PORT'];
  const sim = spawn(process.execPath, [SERVE_SIMULATOR, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const simExited = new Promise<number | null>((resolve) => sim.once('exit', (code) => resolve(code)));
  const dir = mkdtempSync(join(tmpdir(), 'zlp-simulator-script-'));
  let proxy: SpawnedProxy | undefined;
  try {
    let out = '';
    let err = '';
    sim.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const printed = await new Promise<PrintedConfig>((resolve, reject) => {
      sim.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        try {
          resolve(JSON.parse(out) as PrintedConfig);
        } catch {
          // not whole yet
        }
      });
      void simExited.then((code) => reject(new Error(`the simulator exited (${code}) before printing a configuration: ${err}`)));
    });
    assert.match(printed.zoom.oauthUrl, /^http:\/\/127\.0\.0\.1:\d+\/oauth\/token$/);
    assert.ok(printed.zoom.downloadHosts.includes(new URL(printed.zoom.webUrl).hostname));
    const token = printed.bots[0]?.token;
    assert.ok(token, 'the configuration names a bot');

    const file = join(dir, 'config.json');
    writeFileSync(file, out);
    // PORT=0: the printed configuration listens on the fixed default port, taken perhaps by another test.
    proxy = spawnProxy(['--config', file], { env: { PORT: '0' } });
    const url = await proxy.listening;
    const zak = await request(`${url}/zak?token=${encodeURIComponent(token)}`);
    const body = await zak.body.text();
    assert.equal(zak.statusCode, 200, body);
    assert.match(body, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a ZAK (a JWT) came back from the simulator');
    assert.match(err, /npm start -- --config/, 'it says how to use the configuration');

    proxy.child.kill('SIGTERM');
    assert.equal((await proxy.exited).code, 0);
    sim.kill('SIGTERM');
    assert.equal(await simExited, 0, 'SIGTERM stops the simulator cleanly');
  } finally {
    if (proxy && proxy.child.exitCode === null && proxy.child.signalCode === null) proxy.child.kill('SIGKILL');
    if (sim.exitCode === null && sim.signalCode === null) sim.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
