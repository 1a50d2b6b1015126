/**
 * The tables (one per workload, ratio to the best competitor of the same run) and the check-list of
 * the bench's performance targets, as markdown: printed, and written to bench/results/latest.md.
 */
import type { Busyness, Machine } from './machine.js';
import type { BenchOptions, TargetName, WorkloadName } from './options.js';
import type { Row } from './row.js';
import { WORKLOAD_TITLES } from './workloads.js';

const MB = 1e6;

/** A number for a table cell: `digits` decimals, thousands separated, a dash when there is none. */
export function num(x: number | undefined, digits = 0): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cpu(row: Row): string {
  const s = row.cpuPerReqS;
  if (s === undefined) return '-';
  return row.workload === 'download' ? `${num(s, 2)} s` : `${num(s * 1e6, 0)} µs`;
}

function share(x: number | undefined): string {
  return x === undefined ? '-' : `${(x * 100).toFixed(0)}%`;
}

/** The figure ratios compare: MB/s for downloads, requests per second otherwise. */
function metric(row: Row): number | undefined {
  return row.workload === 'download' ? row.mbps : row.rps;
}

function ok(rows: Row[], workload: WorkloadName, target: TargetName, variant?: string): Row | undefined {
  return rows.find((r) => r.workload === workload && r.target === target && r.variant === variant && r.state === 'ok');
}

/**
 * The best competitor (highest metric) for a workload; the hot start link, which no competitor
 * serves, is compared with the competitors' small-JSON rate, as the issue asks.
 */
function bestCompetitor(rows: Row[], workload: WorkloadName, variant: string | undefined): Row | undefined {
  const reference = workload === 'start' ? 'small' : workload;
  return rows
    .filter((r) => r.workload === reference && r.variant === (reference === workload ? variant : undefined) && r.competitor && r.state === 'ok')
    .sort((a, b) => (metric(b) ?? 0) - (metric(a) ?? 0))[0];
}

function ratioCell(rows: Row[], row: Row): string {
  if (row.state !== 'ok' || row.workload === 'burst') return '-';
  const best = bestCompetitor(rows, row.workload, row.variant);
  const mine = metric(row);
  const theirs = best ? metric(best) : undefined;
  if (!best || mine === undefined || !theirs) return '-';
  const suffix = row.workload === 'start' ? `${best.target} small JSON` : best.target;
  return `${(mine / theirs).toFixed(2)}x ${suffix}`;
}

/** A download row's note: its idle RSS and CPU per GiB, which the targets compare, then the rest. */
function downloadNote(r: Row): string {
  const gib = Number.parseFloat(r.variant ?? '');
  const parts = [
    r.idleRssBytes === undefined ? '' : `idle RSS ${num(r.idleRssBytes / MB, 1)} MB`,
    r.cpuPerReqS === undefined || !gib ? '' : `${num(r.cpuPerReqS / gib, 2)} CPU s/GiB`,
    r.note ?? '',
  ];
  return parts.filter(Boolean).join('; ');
}

export function workloadTable(rows: Row[], workload: WorkloadName): string {
  const mine = rows.filter((r) => r.workload === workload);
  if (mine.length === 0) return '';
  const lines = [
    `### ${WORKLOAD_TITLES[workload]}`,
    '',
    '| target | req/s | p50 ms | p99 ms | MB/s | peak RSS MB | CPU/req | errors | vs best competitor | others\' CPU | note |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |',
  ];
  for (const r of mine) {
    const name = `${r.label}${r.variant ? ` ${r.variant}` : ''}`;
    if (r.state !== 'ok') {
      lines.push(`| ${name} | ${r.state === 'na' ? 'n/a' : 'failed'} | | | | | | | | | ${r.note ?? ''} |`);
      continue;
    }
    const note = r.workload === 'download' ? downloadNote(r) : r.note ?? '';
    lines.push(
      `| ${name} | ${num(r.rps)} | ${num(r.p50Ms, 1)} | ${num(r.p99Ms, 1)} | ${num(r.mbps, 1)} | ${r.peakRssBytes === undefined ? '-' : num(r.peakRssBytes / MB, 1)} | ${cpu(r)} | ${num(r.errors)} | ${ratioCell(rows, r)} | ${share(r.othersCpu)} | ${note} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const WORKLOAD_NAMES = { small: 'small JSON', list: 'list rewritten', start: 'hot start link' } as const;

interface Check {
  target: string;
  verdict: string;
}

/** `met (1.23x, needs >= 1.0x)` or `missed by 23% (0.77x, needs >= 1.0x)`. */
function atLeast(value: number, bar: number, unit = 'x'): string {
  const shown = `${value.toFixed(2)}${unit}, needs >= ${bar}${unit}`;
  return value >= bar ? `**met** (${shown})` : `**missed** by ${((1 - value / bar) * 100).toFixed(0)}% (${shown})`;
}

/** `met (0.93x, needs <= 1.1x; detail)` or `missed by 12% (...)`. */
function atMost(value: number, bar: number, detail: string): string {
  const shown = `${value.toFixed(2)}x, needs <= ${bar}x; ${detail}`;
  return value <= bar ? `**met** (${shown})` : `**missed** by ${((value / bar - 1) * 100).toFixed(0)}% (${shown})`;
}

function missing(row: Row | undefined, rows: Row[], workload: WorkloadName, target: TargetName, variant?: string): string | undefined {
  if (row) return undefined;
  const any = rows.find((r) => r.workload === workload && r.target === target && r.variant === variant);
  if (!any) return `not measured (${target} / ${workload} not in this run)`;
  return any.state === 'na' ? (any.note ?? 'n/a') : `not measured: ${target} failed (${any.note ?? ''})`;
}

export function checklist(rows: Row[], options: BenchOptions): Check[] {
  const checks: Check[] = [];
  const proxySmall = ok(rows, 'small', 'proxy');
  const rfSmall = ok(rows, 'small', 'reply-from');
  {
    const gap = missing(proxySmall, rows, 'small', 'proxy') ?? missing(rfSmall, rows, 'small', 'reply-from');
    checks.push({ target: 'small JSON: req/s >= 1.0x reply-from', verdict: gap ?? atLeast(proxySmall!.rps! / rfSmall!.rps!, 1.0) });
    checks.push({
      target: 'small JSON: p99 no worse than reply-from',
      verdict: gap ?? (proxySmall!.p99Ms! <= rfSmall!.p99Ms!
        ? `**met** (${num(proxySmall!.p99Ms, 1)} ms vs ${num(rfSmall!.p99Ms, 1)} ms)`
        : `**missed** by ${num(proxySmall!.p99Ms! - rfSmall!.p99Ms!, 1)} ms (${num(proxySmall!.p99Ms, 1)} ms vs ${num(rfSmall!.p99Ms, 1)} ms)`),
    });
  }
  const proxyList = ok(rows, 'list', 'proxy');
  const hpmRewrite = ok(rows, 'list', 'hpm-rewrite');
  const rfList = ok(rows, 'list', 'reply-from');
  checks.push({
    target: 'list rewritten: req/s >= 2x http-proxy-middleware rewrite',
    verdict: missing(proxyList, rows, 'list', 'proxy') ?? missing(hpmRewrite, rows, 'list', 'hpm-rewrite') ?? atLeast(proxyList!.rps! / hpmRewrite!.rps!, 2),
  });
  checks.push({
    target: 'list rewritten: req/s >= 0.8x reply-from plain passthrough',
    verdict: missing(proxyList, rows, 'list', 'proxy') ?? missing(rfList, rows, 'list', 'reply-from') ?? atLeast(proxyList!.rps! / rfList!.rps!, 0.8),
  });
  const start = ok(rows, 'start', 'proxy');
  checks.push({
    target: 'hot start link: req/s >= reply-from small-JSON req/s',
    verdict: missing(start, rows, 'start', 'proxy') ?? missing(rfSmall, rows, 'small', 'reply-from') ?? atLeast(start!.rps! / rfSmall!.rps!, 1.0),
  });
  const burst = ok(rows, 'burst', 'proxy');
  checks.push({
    target: `cold burst of ${options.burst}: one OAuth mint, one ZAK mint, every answer 302`,
    verdict: missing(burst, rows, 'burst', 'proxy') ?? (() => {
      const b = burst!.burst!;
      const good = b.oauthMints === 1 && b.zakMints === 1 && b.redirects === b.total;
      return `${good ? '**met**' : '**missed**'} (OAuth ${b.oauthMints}, ZAK ${b.zakMints}, ${b.redirects}/${b.total} answered 302)`;
    })(),
  });
  // Sharing state through Redis must cost little: each replica serves the hot path from its near copies.
  for (const workload of ['small', 'list', 'start'] as const) {
    const memory = ok(rows, workload, 'proxy');
    const redis = ok(rows, workload, 'proxy-redis');
    checks.push({
      target: `${WORKLOAD_NAMES[workload]}: zoom-link-proxy (redis) req/s >= 0.9x memory`,
      verdict: missing(redis, rows, workload, 'proxy-redis') ?? missing(memory, rows, workload, 'proxy') ?? atLeast(redis!.rps! / memory!.rps!, 0.9),
    });
  }
  const replicas = ok(rows, 'replicas', 'proxy-redis');
  checks.push({
    target: 'replicas: one OAuth mint, one ZAK mint per user (2), every answer as expected',
    verdict: missing(replicas, rows, 'replicas', 'proxy-redis') ?? (() => {
      const r = replicas!.replicas!;
      const good = r.oauthMints === 1 && r.zakMints === 2 && r.right === r.total;
      return `${good ? '**met**' : '**missed**'} (${r.count} replicas: OAuth ${r.oauthMints}, ZAK ${r.zakMints}, ${r.right}/${r.total} as expected)`;
    })(),
  });
  // Downloads are held to http-proxy-middleware keep-alive (a plain node:http relay) of the same run.
  const MIB = 2 ** 20;
  const peaks = new Map<number, number>();
  for (const gib of options.downloadGiB) {
    const variant = `${gib} GiB`;
    const proxyDl = ok(rows, 'download', 'proxy', variant);
    const hpmDl = ok(rows, 'download', 'hpm', variant);
    const gap = missing(proxyDl, rows, 'download', 'proxy', variant) ?? missing(hpmDl, rows, 'download', 'hpm', variant);
    checks.push({ target: `download ${variant}: MB/s >= 1.0x http-proxy-middleware`, verdict: gap ?? atLeast(proxyDl!.mbps! / hpmDl!.mbps!, 1.0) });
    checks.push({
      target: `download ${variant}: CPU s per GiB <= 1.1x http-proxy-middleware`,
      verdict: gap ?? (proxyDl!.cpuPerReqS === undefined || !hpmDl!.cpuPerReqS
        ? 'not measured (no /proc)'
        : atMost(proxyDl!.cpuPerReqS / hpmDl!.cpuPerReqS, 1.1, `${num(proxyDl!.cpuPerReqS / gib, 2)} s/GiB vs ${num(hpmDl!.cpuPerReqS / gib, 2)}`)),
    });
    const peak = proxyDl?.peakRssBytes;
    const idle = proxyDl?.idleRssBytes;
    if (peak !== undefined) peaks.set(gib, peak);
    checks.push({
      target: `download ${variant}: peak RSS <= idle RSS + 30 MiB`,
      verdict: missing(proxyDl, rows, 'download', 'proxy', variant) ?? (peak === undefined || idle === undefined
        ? 'not measured (no /proc)'
        : (peak - idle) / MIB <= 30
          ? `**met** (+${num((peak - idle) / MIB, 1)} MiB: ${num(idle / MIB, 1)} -> ${num(peak / MIB, 1)} MiB)`
          : `**missed** by ${num((peak - idle) / MIB - 30, 1)} MiB (+${num((peak - idle) / MIB, 1)} MiB: ${num(idle / MIB, 1)} -> ${num(peak / MIB, 1)} MiB)`),
    });
  }
  const [smallest, ...larger] = [...peaks.keys()].sort((a, b) => a - b);
  for (const gib of larger) {
    const ratio = peaks.get(gib)! / peaks.get(smallest!)!;
    checks.push({ target: `download ${gib} GiB: peak RSS within 10% of ${smallest} GiB's`, verdict: atMost(ratio, 1.1, `${num(peaks.get(gib)! / MIB, 1)} vs ${num(peaks.get(smallest!)! / MIB, 1)} MiB`) });
  }
  return checks;
}

export interface ReportInput {
  rows: Row[];
  options: BenchOptions;
  machine: Machine;
  before: Busyness;
  after: Busyness;
  startedAt: Date;
  elapsedS: number;
  notes: string[];
  profiles: string[];
}

/** Other people's processes above this share of the machine make a run noisy. */
const NOISY = 0.05;

export function describeNoise(rows: Row[], before: Busyness, after: Busyness): string {
  const pct = (x: number | undefined): string => (x === undefined ? 'unknown' : `${(x * 100).toFixed(0)}%`);
  const during = rows.map((r) => r.othersCpu).filter((x): x is number => x !== undefined);
  const mean = during.length ? during.reduce((a, b) => a + b, 0) / during.length : undefined;
  const max = during.length ? Math.max(...during) : undefined;
  const noisy = [before.busy, after.busy, max].some((x) => (x ?? 0) > NOISY);
  const facts = `other processes used ${pct(mean)} of the machine on average during the measurements (at most ${pct(max)}; column "others' CPU"); ` +
    `the machine was ${pct(before.busy)} busy just before the run and ${pct(after.busy)} just after; load average ${before.loadavg1.toFixed(2)} before, ${after.loadavg1.toFixed(2)} after`;
  return noisy
    ? `**NOISY MACHINE: other work was running; absolute numbers are low and ratios are less reliable.** ${facts}.`
    : `Machine otherwise idle: ${facts}.`;
}

export function renderReport(input: ReportInput): string {
  const { rows, options, machine } = input;
  const out: string[] = [];
  out.push(`## Bench run of ${input.startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`, '');
  out.push(`- Machine: ${machine.cores} cores, ${machine.model}, Linux ${machine.kernel}; Node ${machine.node}; nginx ${machine.nginx ?? 'not installed'}; ${machine.curl ?? 'curl ?'}`);
  out.push(`- ${describeNoise(rows, input.before, input.after)}`);
  out.push(`- Load: autocannon, ${options.connections} connections, ${options.warmupS} s warm-up then ${options.durationS} s measured per target${options.rounds > 1 ? `, ${options.rounds} rounds through the targets in turn, the median kept` : ''}; each target started fresh per workload, one at a time, on loopback. Run took ${Math.round(input.elapsedS)} s.`);
  out.push('- MB = 10^6 bytes. Peak RSS is the target process\'s VmHWM (for downloads, reset just before the transfer, so it is the peak during it); CPU/req is its user+system CPU over the measured part divided by the answers (for downloads: CPU seconds for the whole file).');
  if (options.proxyLogLevel !== 'info') out.push(`- The proxy ran with log.level \`${options.proxyLogLevel}\`, not \`info\` as in production: no request lines.`);
  for (const note of input.notes) out.push(`- ${note}`);
  out.push('');
  for (const w of ['small', 'list', 'start', 'burst', 'download', 'replicas'] as const) {
    const table = workloadTable(rows, w);
    if (table) out.push(table);
  }
  out.push('### Targets', '', '| target | verdict |', '| --- | --- |');
  for (const c of checklist(rows, options)) out.push(`| ${c.target} | ${c.verdict} |`);
  out.push('');
  if (input.profiles.length) out.push('### Profiles (`--cpu-prof`)', '', ...input.profiles);
  return out.join('\n');
}
