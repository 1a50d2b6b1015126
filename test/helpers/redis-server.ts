import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createClient } from 'redis';
import { findExecutable, skipOrFailWithout } from './missing-tool.js';

/** Debian's `redis-server` (or another build, named by REDIS_SERVER_PATH). */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findExecutable(['redis-server'], 'REDIS_SERVER_PATH', env);
}

/** A redis-server of a test's own, and the faults a test can put it through. */
export interface TestRedis {
  url: string;
  port: number;
  /** A command on a connection of the test's own (no timeout): KEYS, GET, DEBUG SLEEP... */
  command(...args: string[]): Promise<unknown>;
  /** kill -9, and wait until it is gone. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the socket stays open, nothing answers. */
  pause(): void;
  resume(): void;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
}

/**
 * A redis-server for one test on a free loopback port, without persistence or any system service,
 * stopped when the test ends. Where none is installed the test is skipped after one loud line on
 * stderr, except under `CI=true`: CI installs the package (.ci/run), so a missing server there is a
 * failure, never a quiet green.
 */
export async function startTestRedis(t: TestContext): Promise<TestRedis | undefined> {
  const executable = findRedisServer();
  if (executable === undefined) {
    const why = 'redis-server not found on PATH (nor REDIS_SERVER_PATH): install the redis-server package (apt-get install redis-server)';
    skipOrFailWithout(t, why, 'Redis tests');
    return undefined;
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'zlp-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--enable-debug-command', 'local', '--loglevel', 'warning'];
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    await answers(port);
  };
  const stopChild = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGCONT');
    running.kill(signal);
    await exited;
  };
  await launch();
  const admin = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: 100 } });
  admin.on('error', () => undefined);
  await admin.connect();
  t.after(async () => {
    admin.destroy();
    await stopChild('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    command: (...command) => admin.sendCommand(command),
    kill: () => stopChild('SIGKILL'),
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    async restart() {
      await stopChild('SIGKILL');
      await launch();
      // The test's own connection comes back by itself: wait for it.
      while (!admin.isReady) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once the server answers PING on `port` (within 10 s). */
async function answers(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const pong = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(500, () => socket.destroy());
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
    });
    if (pong) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
