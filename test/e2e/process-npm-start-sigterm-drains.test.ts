import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { request } from 'undici';
import { startSimulator, type ZoomSimulator } from '../../simulator/simulator.js';
import { connectionRefused, simulatorConfigFile, spawnNpmStart } from '../helpers/spawn-proxy.js';

// Found on a fresh clone: SIGTERM sent to the `npm start` process left `node dist/src/main.js` running
// and serving. npm forwards the signal to the shell it runs the script with (`sh -c`), and dash does
// not replace itself with its last command: the shell died, node was orphaned and never drained.

const GRACE_SECONDS = 2;

function writeConfig(sim: ZoomSimulator): string {
  return simulatorConfigFile(sim, { links: { secret: 'a-link-secret-for-the-npm-sigterm-test-0123' }, shutdownGraceSeconds: GRACE_SECONDS });
}

/** Processes of this user whose command line names `file`: what is left of the start, if anything. */
function processesNaming(file: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(file)) pids.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return pids;
}

test('SIGTERM to the `npm start` process reaches node: it drains, the port closes, nothing is left running', { timeout: 120_000 }, async () => {
  const sim = await startSimulator({ seed: 'empty' });
  const config = writeConfig(sim);
  try {
    const proc = spawnNpmStart(['--config', config], { env: { PORT: undefined } });
    const url = await proc.listening;
    const health = await request(`${url}/healthz`);
    await health.body.dump();
    assert.equal(health.statusCode, 200);

    const t0 = Date.now();
    proc.child.kill('SIGTERM');
    const { code } = await proc.exited;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await connectionRefused(url), true, `a process still serves ${url} after npm exited (${Date.now() - t0} ms after SIGTERM)`);
    assert.deepEqual(processesNaming(config), [], 'no process of this start is left');
    assert.ok(Date.now() - t0 < GRACE_SECONDS * 1000 + 1_500, 'within the grace time');
    assert.equal(code, 0, `npm exit code; stderr: ${proc.stderr()}`);
    assert.match(proc.stdout(), /"msg":"stopped"/, 'node logged its drain');
  } finally {
    for (const pid of processesNaming(config)) process.kill(pid, 'SIGKILL');
    await sim.close();
  }
});
