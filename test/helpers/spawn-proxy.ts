import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ZoomSimulator } from '../../simulator/simulator.js';

/** The compiled entry point, as `npm start` runs it. */
export const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

export interface SpawnedProxy {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the `"msg":"listening"` log line's url. */
  listening: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Resolves with stdout once it matches `pattern` (the demo banner comes after the listening line,
   * on a stream of its own), or rejects after `ms`.
   */
  printed(pattern: RegExp, ms?: number): Promise<string>;
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
  const printed = (pattern: RegExp, ms = 5000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (!pattern.test(out)) return false;
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(out);
        return true;
      };
      const timer = setTimeout(() => {
        child.stdout?.off('data', check);
        reject(new Error(`stdout did not show ${String(pattern)} within ${ms} ms: ${out}`));
      }, ms);
      if (!check()) child.stdout?.on('data', check);
    });
  return { child, stdout: () => out, stderr: () => err, listening, exited, printed };
}

/**
 * A configuration file, in a fresh temporary folder, that points a spawned proxy at `sim` (port 0, the
 * simulator's credentials, URLs and hosts); `extra`'s keys replace the top-level sections.
 */
export function simulatorConfigFile(sim: ZoomSimulator, extra: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'zlp-config-')), 'config.json');
  const zoom = {
    ...sim.credentials, oauthUrl: sim.oauthUrl, apiUrl: sim.apiUrl, webUrl: sim.webUrl,
    downloadHosts: [new URL(sim.webUrl).hostname, new URL(sim.cdnUrl).hostname],
  };
  writeFileSync(file, JSON.stringify({ listen: { port: 0 }, zoom, ...extra }));
  return file;
}

/** Whether a new connection to `url` is refused (the process stopped listening). */
export function connectionRefused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
