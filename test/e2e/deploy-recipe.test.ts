import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import { startSimulator } from '../../simulator/simulator.js';
import { REPO_ROOT, spawnProxy } from '../helpers/spawn-proxy.js';

// docs/deploy.md's recipe, run for real: scripts/build-release.sh (the script the Dockerfile runs too)
// in a copy of the tracked files, then the pruned tree started the way a supervisor starts it, one
// request, SIGTERM; then the same tree in demo mode. If the script, the build or the prune breaks,
// this test fails.

const BOT_TOKEN = 'deploy-recipe-bot-token-0001';

/** The tracked files as they are in the working tree: what is about to be committed, not HEAD. */
function copyTrackedFiles(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  assert.ok(files.includes('scripts/build-release.sh') && files.includes('package-lock.json'), 'git ls-files lists the repository');
  for (const file of files) {
    const from = join(REPO_ROOT, file);
    if (!existsSync(from)) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(from, join(to, file));
  }
}

/** The environment without the npm_* variables of an `npm test` that may be running this test. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.toLowerCase().startsWith('npm_')) env[name] = value;
  return env;
}

function runScript(dir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [join(dir, 'scripts', 'build-release.sh'), dir], { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

test('the release build (scripts/build-release.sh) gives a tree without dev dependencies that serves and drains on SIGTERM', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zlp-deploy-recipe-'));
  const sim = await startSimulator({ seed: 'empty' });
  let proc: ReturnType<typeof spawnProxy> | undefined;
  try {
    copyTrackedFiles(dir);
    const built = await runScript(dir);
    assert.equal(built.code, 0, `scripts/build-release.sh failed:\n${built.output.slice(-3000)}`);
    assert.ok(existsSync(join(dir, 'dist', 'src', 'main.js')), 'the build wrote dist/src/main.js');
    assert.ok(existsSync(join(dir, 'node_modules', 'express')), 'run-time dependencies are installed');
    assert.ok(!existsSync(join(dir, 'node_modules', 'typescript')), 'typescript (a dev dependency) was pruned');
    assert.ok(!existsSync(join(dir, 'node_modules', '.bin', 'tsc')), 'no compiler is left in node_modules/.bin');
    assert.ok(!existsSync(join(dir, 'dist', 'test')), 'the production build compiles src and the simulator only');
    assert.ok(existsSync(join(dir, 'dist', 'simulator', 'simulator.js')), 'the build carries the simulator, which demo mode loads');

    sim.addUser({ email: 'bot@example.com' });
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        listen: { host: '127.0.0.1', port: 0 },
        zoom: { ...sim.credentials, oauthUrl: sim.oauthUrl, apiUrl: sim.apiUrl, webUrl: sim.webUrl },
        links: { secret: 'a-link-secret-for-the-deploy-recipe-test-01' },
        bots: [{ name: 'notetaker', token: BOT_TOKEN, user: 'bot@example.com' }],
        shutdownGraceSeconds: 5,
      }),
    );
    // As the systemd unit and the Dockerfile start it: node itself, from the built tree, no npm.
    proc = spawnProxy(['--config', config], { cwd: dir, main: join(dir, 'dist', 'src', 'main.js'), env: { ...cleanEnv(), PORT: undefined, NODE_ENV: 'production' } });
    const url = await proc.listening;

    const health = await request(`${url}/healthz`);
    assert.equal(health.statusCode, 200);
    assert.deepEqual(await health.body.json(), { status: 'ok' });
    const zak = await request(`${url}/zak?token=${BOT_TOKEN}`);
    const body = await zak.body.text();
    assert.equal(zak.statusCode, 200, body);
    assert.match(body, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a ZAK (a JWT) came back from the simulator');

    proc.child.kill('SIGTERM');
    const { code, signal } = await proc.exited;
    assert.equal(code, 0, `exit ${code} ${signal}; stderr: ${proc.stderr()}`);
    assert.match(proc.stdout(), /"msg":"stopped"/, 'it drained and said so');

    // Without a configuration, the same tree runs the demo: the simulator ships in dist/simulator/.
    const demoCwd = mkdtempSync(join(tmpdir(), 'zlp-deploy-recipe-demo-'));
    proc = spawnProxy([], { cwd: demoCwd, main: join(dir, 'dist', 'src', 'main.js'), env: { ...cleanEnv(), PORT: '0', ZOOM_PROXY_CONFIG: undefined } });
    const demoUrl = await proc.listening;
    assert.match(await proc.printed(/DEMO MODE/), /DEMO MODE/);
    const page = await request(`${demoUrl}/`);
    assert.equal(page.statusCode, 200, await page.body.text());
    proc.child.kill('SIGTERM');
    assert.equal((await proc.exited).code, 0, `demo exit; stderr: ${proc.stderr()}`);
    rmSync(demoCwd, { recursive: true, force: true });
  } finally {
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
