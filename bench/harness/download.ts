/**
 * A download through a target with a real curl, bytes to /dev/null: MB/s as curl saw it, and the
 * target's resident memory just before, its peak during (VmHWM reset first where Linux allows) and
 * its CPU over the transfer.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startNoiseMeter } from './noise-meter.js';
import { readCpuSeconds, readPeakRss, readRss, resetPeakRss } from './proc-stats.js';

const run = promisify(execFile);

export interface DownloadResult {
  status: number;
  bytes: number;
  seconds: number;
  mbps: number;
  peakRssBytes: number | undefined;
  idleRssBytes: number | undefined;
  cpuS: number | undefined;
  othersCpu: number | undefined;
}

export async function curlDownload(url: string, headers: Record<string, string>, pid: number | undefined, benchPids: readonly number[], timeoutS: number): Promise<DownloadResult> {
  const args = ['-sS', '-o', '/dev/null', '--max-time', String(timeoutS), '-w', '%{http_code} %{size_download} %{time_total}'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  const idleRssBytes = pid === undefined ? undefined : readRss(pid);
  // The peak of the transfer, not of start-up (VmHWM then starts from the idle figure).
  if (pid !== undefined) resetPeakRss(pid);
  const cpuBefore = pid === undefined ? undefined : readCpuSeconds(pid);
  // curl is reaped by the harness when it exits, so its CPU counts as the bench's own.
  const noise = startNoiseMeter([pid, ...benchPids]);
  let out: string;
  try {
    out = (await run('curl', args, { encoding: 'utf8' })).stdout;
  } catch (err) {
    // curl exits non-zero on a cut transfer; -w still wrote what it got.
    out = String((err as { stdout?: string }).stdout ?? '0 0 0');
  }
  const othersCpu = noise();
  const cpuAfter = pid === undefined ? undefined : readCpuSeconds(pid);
  const [status = 0, bytes = 0, seconds = 0] = out.trim().split(' ').map(Number);
  return {
    status,
    bytes,
    seconds,
    mbps: seconds > 0 ? bytes / seconds / 1e6 : 0,
    peakRssBytes: pid === undefined ? undefined : readPeakRss(pid),
    idleRssBytes,
    cpuS: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
    othersCpu,
  };
}
