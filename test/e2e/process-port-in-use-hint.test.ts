import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSimulator } from '../../simulator/simulator.js';
import { simulatorConfigFile, spawnProxy } from '../helpers/spawn-proxy.js';

// Found on a fresh set-up: a second start on a taken port said only `EADDRINUSE`; it now says how to
// pick another port.
test('a port already in use: exit 1 with one line saying how to pick another (PORT=..., listen.port)', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  const file = simulatorConfigFile(sim, { links: { secret: 'a-link-secret-for-the-port-in-use-test-0123' } });
  const first = spawnProxy(['--config', file], { env: { PORT: undefined } });
  try {
    const port = new URL(await first.listening).port;
    const second = spawnProxy(['--config', file], { env: { PORT: port } });
    const { code } = await second.exited;
    assert.equal(code, 1);
    const stderr = second.stderr();
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, new RegExp(`^startup error: EADDRINUSE: .*port ${port}.*PORT=9000 npm start.*listen\\.port`));
  } finally {
    first.child.kill('SIGTERM');
    await first.exited;
    await sim.close();
  }
});
