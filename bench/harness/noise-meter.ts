/**
 * How much of the machine other people's processes used while a measurement ran: all CPU time
 * spent on the machine (/proc/stat) less the bench's own (the harness with the children it reaped,
 * such as curl, the upstream and the target). The machine is shared; this says how far to trust a row.
 */
import { readFileSync } from 'node:fs';

function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const n = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number).filter(Number.isFinite);
    const total = n.reduce((a, b) => a + b, 0);
    return { busy: total - (n[3] ?? 0) - (n[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/** utime + stime (+ cutime + cstime: children reaped) of a process, in clock ticks. */
function processTicks(pid: number | 'self', withChildren: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const own = (f[11] ?? 0) + (f[12] ?? 0);
    return withChildren ? own + (f[13] ?? 0) + (f[14] ?? 0) : own;
  } catch {
    return 0;
  }
}

function benchTicks(pids: readonly (number | undefined)[]): number {
  let ticks = processTicks('self', true);
  for (const pid of pids) if (pid !== undefined) ticks += processTicks(pid, false);
  return ticks;
}

/**
 * Starts measuring; the function returned stops and gives the share of all cores (0..1) that
 * processes other than the bench's used in between, or undefined without /proc.
 */
export function startNoiseMeter(benchPids: readonly (number | undefined)[]): () => number | undefined {
  const m0 = machineTicks();
  const b0 = benchTicks(benchPids);
  return () => {
    const m1 = machineTicks();
    if (!m0 || !m1 || m1.total <= m0.total) return undefined;
    const others = m1.busy - m0.busy - (benchTicks(benchPids) - b0);
    return Math.min(1, Math.max(0, others / (m1.total - m0.total)));
  };
}
