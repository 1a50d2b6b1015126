/**
 * Child processes of the bench: each one started here is ended here, by its PID (SIGTERM, then
 * SIGKILL after a grace period), never by name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Proc {
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited, however. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** The tail of what it wrote to stderr (its log file), for error messages. */
  stderrTail(): string;
  /** SIGTERM, wait up to `graceMs`, then SIGKILL. Resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** stdout goes here (a file path; `/dev/null` by default): the targets' logs are not read while they run. */
  stdoutFile?: string;
  /** stderr goes here. */
  stderrFile: string;
  /** Pipe stdout instead (the upstream prints its URLs). */
  pipeStdout?: boolean;
}

/** A copy of the environment without what would change a target's behaviour (PORT overrides listen.port). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.PORT;
  delete env.ZOOM_PROXY_CONFIG;
  delete env.NODE_OPTIONS;
  return env;
}

/** Every process started and not yet seen exiting, so an interrupted run can still end them by PID. */
const live = new Set<Proc>();

/** Ends every process this bench started that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop(2000)));
}

export function spawnProc(command: string, args: string[], options: SpawnOptions): Proc {
  const out = options.pipeStdout ? 'pipe' : openSync(options.stdoutFile ?? '/dev/null', 'a');
  const err = openSync(options.stderrFile, 'a');
  const child = spawn(command, args, { env: options.env ?? cleanEnv(), stdio: ['ignore', out, err] });
  if (typeof out === 'number') closeSync(out);
  closeSync(err);
  if (child.pid === undefined) throw new Error(`bench: could not start ${command}`);
  const pid = child.pid;
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.once('error', () => {
      done = true;
      resolve({ code: null, signal: null });
    });
  });
  const proc: Proc = {
    pid,
    child,
    exited,
    hasExited: () => done,
    stderrTail: () => {
      try {
        return readFileSync(options.stderrFile, 'utf8').slice(-2000);
      } catch {
        return '';
      }
    },
    async stop(graceMs = 5000) {
      if (done) return;
      process.kill(pid, 'SIGTERM');
      const timer = sleep(graceMs).then(() => 'timeout' as const);
      if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout' && !done) {
        process.kill(pid, 'SIGKILL');
        await exited;
      }
    },
  };
  live.add(proc);
  void exited.then(() => live.delete(proc));
  return proc;
}

/** A port free on the host now (the OS picks it; the target binds it a moment later). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `url` until anything answers over HTTP; fails if the process exits or `timeoutMs` passes. */
export async function waitForHttp(url: string, proc: Proc | undefined, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc?.hasExited()) throw new Error(`exited before answering on ${url}: ${proc.stderrTail()}`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`nothing answered on ${url} within ${timeoutMs} ms`);
      await sleep(50);
    }
  }
}

/**
 * The first line a process started with `pipeStdout` prints, parsed as JSON (where a helper process
 * says what it listens on); the rest of its output is drained. Fails if it exits first.
 */
export async function readAnnouncement<T>(proc: Proc, what: string): Promise<T> {
  const stdout = proc.child.stdout;
  if (!stdout) throw new Error(`${what}: started without pipeStdout`);
  const lines = createInterface({ input: stdout });
  try {
    const first = await Promise.race([
      new Promise<string>((resolve) => lines.once('line', resolve)),
      proc.exited.then(() => {
        throw new Error(`${what} exited: ${proc.stderrTail()}`);
      }),
    ]);
    return JSON.parse(first) as T;
  } finally {
    lines.close();
    stdout.resume();
  }
}
