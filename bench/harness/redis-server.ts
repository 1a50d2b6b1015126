/**
 * The Redis the `proxy-redis` target and the replicas run share: a redis-server of the bench's own
 * on a free loopback port, without persistence, ended by PID with the rest.
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, spawnProc, type Proc } from './processes.js';

export interface BenchRedis {
  url: string;
  proc: Proc;
  /** FLUSHALL: the next run starts cold. */
  flush(): Promise<void>;
}

/** One command on a connection of its own; resolves with the first reply line. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(2_000, () => socket.destroy(new Error(`redis-server on ${port} did not answer ${line}`)));
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().split('\r\n')[0] ?? '');
    });
  });
}

export async function startBenchRedis(binary: string, runDir: string): Promise<BenchRedis> {
  const port = await freePort();
  const proc = spawnProc(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', runDir, '--loglevel', 'warning'], {
    stderrFile: join(runDir, 'redis.stderr'),
    stdoutFile: join(runDir, 'redis.stdout'),
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const pong = await command(port, 'PING').catch(() => '');
    if (pong === '+PONG') break;
    if (proc.hasExited() || Date.now() > deadline) {
      await proc.stop(1000);
      throw new Error(`redis-server did not start on port ${port}: ${proc.stderrTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    proc,
    async flush() {
      const reply = await command(port, 'FLUSHALL');
      if (reply !== '+OK') throw new Error(`FLUSHALL answered ${reply}`);
    },
  };
}
