/**
 * What the figures were measured on, and whether anything else was using the CPU at the time: the
 * machine is shared, so every report says how busy it was before the run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Machine {
  cores: number;
  model: string;
  node: string;
  nginx: string | undefined;
  curl: string | undefined;
  kernel: string;
}

function run(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return undefined;
  }
}

export function describeMachine(nginxBinary: string | undefined): Machine {
  const lscpu = run('lscpu', []) ?? '';
  const model = /^Model name:\s+(.+)$/m.exec(lscpu)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const nginxVersion = nginxBinary ? execNginxVersion(nginxBinary) : undefined;
  return {
    cores: Number(run('nproc', [])) || cpus().length,
    model,
    node: process.version,
    nginx: nginxVersion,
    curl: run('curl', ['--version'])?.split('\n')[0]?.split(' ').slice(0, 2).join(' '),
    kernel: run('uname', ['-r']) ?? 'unknown',
  };
}

/** `nginx -v` prints `nginx version: nginx/1.22.1` on stderr. */
function execNginxVersion(binary: string): string | undefined {
  const res = spawnSync(binary, ['-v'], { encoding: 'utf8' });
  const out = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim();
  return out ? out.replace(/^nginx version:\s*/, '') : undefined;
}

function cpuTimes(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const n = line.split(/\s+/).slice(1).map(Number);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  const total = n.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  return { busy: total - idle, total };
}

export interface Busyness {
  /** Share of all cores busy during the sample, 0..1 (undefined without /proc). */
  busy: number | undefined;
  loadavg1: number;
}

/** How busy the machine is, sampled over `ms` while the bench itself does nothing. */
export async function sampleBusy(ms: number): Promise<Busyness> {
  try {
    const a = cpuTimes();
    await sleep(ms);
    const b = cpuTimes();
    return { busy: (b.busy - a.busy) / Math.max(1, b.total - a.total), loadavg1: loadavg()[0] ?? 0 };
  } catch {
    await sleep(ms);
    return { busy: undefined, loadavg1: loadavg()[0] ?? 0 };
  }
}
