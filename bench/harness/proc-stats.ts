/**
 * What one process costs, read from Linux's /proc: resident memory (VmRSS, and its peak VmHWM), open
 * file descriptors and CPU time (utime + stime). Undefined where /proc is not there (the table then
 * shows a dash).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** A `kB` line of /proc/<pid>/status (VmRSS, VmHWM, ...), in bytes. */
function statusBytes(pid: number, field: string): number | undefined {
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** Peak resident set size in bytes since the process started (or since `resetPeakRss`). */
export function readPeakRss(pid: number): number | undefined {
  return statusBytes(pid, 'VmHWM');
}

/** Resident set size in bytes now. */
export function readRss(pid: number): number | undefined {
  return statusBytes(pid, 'VmRSS');
}

/** How many file descriptors the process has open now (sockets, files, pipes, epoll). */
export function countOpenFds(pid: number): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}

/** Resets VmHWM to the current RSS (Linux >= 4.0, own processes or root); false where refused. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** User plus system CPU seconds the process has used so far. */
export function readCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / clockTicks() : undefined;
  } catch {
    return undefined;
  }
}
