import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The compiled entry point, as `npm start` runs it. */
export const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

export interface SpawnedProxy {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the `"msg":"listening"` log line's url. */
  listening: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The repository's root, where package.json is (`npm start` runs there). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the proxy as a real process, the way an operator starts it (`main`: another build's entry point). */
export function spawnProxy(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; main?: string } = {}): SpawnedProxy {
  return track(spawn(process.execPath, [options.main ?? MAIN, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Runs `npm start -- ARGS` in the repository's root, the way the README starts the proxy. */
export function spawnNpmStart(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): SpawnedProxy {
  return track(spawn('npm', ['start', '--', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

function track(child: ChildProcess): SpawnedProxy {
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        const parsed = JSON.parse(line) as { msg?: string; url?: string };
        if (parsed.msg === 'listening' && parsed.url) resolve(parsed.url);
      }
    });
    void exited.then(({ code }) => reject(new Error(`exited with ${code} before listening: ${err}`)));
  });
  listening.catch(() => undefined);
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { child, stdout: () => out, stderr: () => err, listening, exited };
}
