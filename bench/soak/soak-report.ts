/** The soak's markdown report: the verdict on memory and fds, answers per flow, faults and recovery. */
import { basename } from 'node:path';
import { num } from '../harness/report.js';
import type { Busyness, Machine } from '../harness/machine.js';
import { FAULTS, type FaultName } from './fault-catalogue.js';
import type { HeapGrowth } from './heap-snapshots.js';
import type { Drift, Measure, Sample } from './sampler.js';
import type { SoakOptions } from './soak-options.js';
import { percent, type Rate, type Tally } from './tally.js';

/** The baseline is the median of the samples in this many last seconds of the warm-up; the end, of the last `END_S` of traffic. */
export const BASELINE_S = 30;
export const END_S = 60;
/** Growth of RSS or fds beyond this share of the baseline fails the soak (bench/README.md, "Soak"). */
export const MAX_GROWTH = 0.1;
/** Share of requests after a fault's grace period that must succeed for the proxy to have recovered. */
export const RECOVERED = 0.99;

export interface FaultWindow {
  name: FaultName;
  /** Seconds since the start of the traffic, as switched. */
  onS: number;
  offS: number;
  /** End of its recovery: the next fault's start, or the end of the traffic. */
  untilS: number;
}

export interface Judged {
  fault: FaultWindow;
  during: Rate;
  grace: Rate;
  after: Rate;
  /** Flows with failures after the grace period: `name ok/total`. */
  failingAfter: string[];
  recovered: boolean;
}

export function judgeFaults(tally: Tally, windows: FaultWindow[], graceS: number): Judged[] {
  return windows.map((fault) => {
    const { all: after, flows } = tally.between(fault.offS + graceS, fault.untilS);
    const failingAfter = [...flows].filter(([, r]) => r.ok < r.total).map(([name, r]) => `${name} ${r.ok}/${r.total}`);
    return {
      failingAfter,
      fault,
      during: tally.between(fault.onS, fault.offS).all,
      grace: tally.between(fault.offS, fault.offS + graceS).all,
      after,
      recovered: after.total > 0 && after.ok / after.total >= RECOVERED,
    };
  });
}

export interface HeapReport {
  /** The snapshot after the warm-up (under traffic) and the one at the end (after the quiet period), with a sample taken just after each (after the full GC a snapshot makes). */
  before: { file: string; sample: Sample };
  after: { file: string; sample: Sample };
  beforeBytes: number;
  afterBytes: number;
  growth: HeapGrowth[];
}

export interface SoakResult {
  options: SoakOptions;
  machine: Machine;
  startedAt: Date;
  before: Busyness;
  after: Busyness;
  trafficEndS: number;
  tally: Tally;
  samples: Sample[];
  final: Sample;
  drifts: Record<Measure, Drift>;
  faults: Judged[];
  proxyExit: string;
  /** The last of what the proxy wrote to stderr (its log goes to stdout): warnings, crashes. */
  proxyStderr: string;
  stopped: string | undefined;
  heap: HeapReport | undefined;
}

const MB = 1024 * 1024;

export function withinBound(d: Drift): boolean {
  return d.change !== undefined && d.change <= MAX_GROWTH;
}

function pct(change: number | undefined): string {
  return change === undefined ? '-' : `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

function verdictOf(d: Drift): string {
  if (!withinBound(d)) return `**grew beyond ${MAX_GROWTH * 100}%**`;
  return (d.change ?? 0) < -MAX_GROWTH ? `**no growth** (below the baseline by more than ${MAX_GROWTH * 100}%)` : `**within ${MAX_GROWTH * 100}%**`;
}

function driftRow(label: string, d: Drift, scale: number, digits: number, judged: boolean): string {
  const v = (x: number | undefined): string => (x === undefined ? '-' : num(x / scale, digits));
  const verdict = judged ? verdictOf(d) : 'informative';
  return `| ${label} | ${v(d.baseline)} | ${v(d.end)} | ${v(d.final)} | ${v(d.max)} | ${pct(d.change)} | ${verdict} |`;
}

function mbCell(x: number | undefined): string {
  return x === undefined ? '-' : num(x / MB, 1);
}

function answers(keys: ReadonlyMap<string, number>): string {
  return [...keys].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${num(n)}`).join(', ');
}

export function renderSoakReport(r: SoakResult): string {
  const o = r.options;
  const loads = r.samples.map((s) => s.load1);
  const meanLoad = loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : 0;
  const verdictOk = withinBound(r.drifts.rss) && withinBound(r.drifts.fds);
  const recovered = r.faults.filter((f) => f.recovered).length;
  const out: string[] = [];
  out.push(`## Soak run of ${r.startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`, '');
  out.push(`**Verdict: resident memory and open fds ${verdictOk ? 'did not grow' : 'GREW'} beyond ${MAX_GROWTH * 100}% of their value after warm-up (${pct(r.drifts.rss.change)} and ${pct(r.drifts.fds.change)}); traffic recovered after ${recovered} of ${r.faults.length} faults.**`, '');
  if (r.stopped) out.push(`**Stopped early: ${r.stopped}.**`, '');
  if (r.heap) out.push('**With `--heap-snapshots` the RSS verdict does not count: writing a snapshot costs the proxy tens of MB, which the allocator keeps.**', '');
  out.push(`- Machine: ${r.machine.cores} cores, ${r.machine.model}, Linux ${r.machine.kernel}; Node ${r.machine.node}. Shared with other work: load average (1 min) ${r.before.loadavg1.toFixed(2)} before, ${meanLoad.toFixed(2)} on average during (max ${Math.max(0, ...loads).toFixed(2)}), ${r.after.loadavg1.toFixed(2)} after; the machine was ${((r.before.busy ?? 0) * 100).toFixed(0)}% busy just before.`);
  out.push(`- Traffic: ${num(r.trafficEndS)} s through the proxy (the first ${o.warmupS} s without faults: the warm-up), ${o.concurrency} workers of small requests (${o.pauseMs} ms pause between two) and one worker of 52 MB downloads; then ${o.quietS} s without traffic.`);
  out.push(`- Faults: one every ${o.faultEveryS} s after the warm-up, ${o.faultS} s each, in turn; recovery is judged on the requests started from ${o.graceS} s after a fault ends to the next one (at least ${RECOVERED * 100}% must succeed).`);
  out.push(`- The proxy ran as in production (\`node dist/src/main.js --config FILE\`, log level info, \`zoom.timeoutSeconds\` 5) against the simulator in a process of its own; after SIGTERM it ${r.proxyExit}.`);
  out.push(r.proxyStderr.trim() ? `- The proxy's stderr (warnings, crashes; its log goes to stdout) ended with:\n\n\`\`\`\n${r.proxyStderr.trim()}\n\`\`\`` : '- The proxy wrote nothing to stderr (no warning, no crash; its log goes to stdout).');
  out.push('');
  out.push('### Memory and file descriptors of the proxy', '');
  out.push(`Sampled every ${o.sampleS} s. Baseline: median of the samples in the last ${BASELINE_S} s of the warm-up. End: median of the samples in the last 60 s of traffic. Final: one sample after ${o.quietS} s without traffic. MB = 2^20 bytes. The verdict is on growth: less at the end than after warm-up passes.`, '');
  out.push('| | baseline | end | final | max | end vs baseline | verdict |', '| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  out.push(driftRow('resident memory (VmRSS), MB', r.drifts.rss, MB, 1, true));
  out.push(driftRow('open file descriptors', r.drifts.fds, 1, 0, true));
  out.push(driftRow('V8 heap used (its /metrics), MB', r.drifts.heapUsed, MB, 1, false));
  out.push(driftRow('V8 heap reserved (its /metrics), MB', r.drifts.heapTotal, MB, 1, false));
  out.push(driftRow('memory outside the V8 heap: Buffers (its /metrics), MB', r.drifts.external, MB, 1, false));
  out.push(driftRow('active handles (its /metrics)', r.drifts.handles, 1, 0, false));
  out.push('');
  out.push('### Answers by flow (whole run)', '');
  out.push('| flow | requests | succeeded | answers |', '| --- | ---: | ---: | --- |');
  for (const [flow, keys] of r.tally.byFlow()) {
    const rate = r.tally.between(0, Infinity).flows.get(flow) ?? { ok: 0, total: 0 };
    out.push(`| ${flow} | ${num(rate.total)} | ${percent(rate)} | ${answers(keys)} |`);
  }
  const all = r.tally.between(0, Infinity).all;
  out.push(`| **all** | ${num(all.total)} | ${percent(all)} | |`, '');
  out.push('### Faults and recovery', '');
  const warm = r.tally.between(0, o.warmupS).all;
  out.push(`Warm-up (no fault): ${percent(warm)} of ${num(warm.total)} requests succeeded.`, '');
  out.push(`| fault | on at | during | first ${o.graceS} s after | then, until the next fault | recovered | failures after the first ${o.graceS} s (ok/all) |`, '| --- | ---: | ---: | ---: | ---: | --- | --- |');
  for (const j of r.faults) {
    const cell = (x: Rate): string => `${percent(x)} of ${num(x.total)}`;
    out.push(`| ${j.fault.name} | ${j.fault.onS.toFixed(0)} s | ${cell(j.during)} | ${cell(j.grace)} | ${cell(j.after)} | ${j.recovered ? 'yes' : '**no**'} | ${j.failingAfter.join('; ')} |`);
  }
  out.push('', 'What each fault does at Zoom:', '');
  for (const [name, what] of Object.entries(FAULTS)) out.push(`- \`${name}\`: ${what}`);
  if (r.heap) out.push('', ...heapSection(r.heap));
  out.push('', '### Samples (every 30 s)', '', '| t (s) | RSS MB | fds | heap used MB | heap reserved MB | external MB | handles | load avg |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const every = Math.max(1, Math.round(30 / o.sampleS));
  const shown = r.samples.filter((_, i) => i % every === 0);
  for (const s of [...shown, r.final]) {
    out.push(`| ${s.t.toFixed(0)} | ${s.rss === undefined ? '-' : num(s.rss / MB, 1)} | ${num(s.fds)} | ${mbCell(s.heapUsed)} | ${mbCell(s.heapTotal)} | ${mbCell(s.external)} | ${num(s.handles)} | ${s.load1.toFixed(2)} |`);
  }
  out.push('');
  return out.join('\n');
}

function heapSection(h: HeapReport): string[] {
  const mb = mbCell;
  const out = ['### Heap snapshots (`--heap-snapshots`)', ''];
  out.push(`Written by the proxy on SIGUSR2 (\`--heapsnapshot-signal\`, after a full GC) into bench/results/soak-heap/: \`${basename(h.before.file)}\` just after the warm-up, under traffic; \`${basename(h.after.file)}\` at the end, after the quiet period. Open them in Chrome DevTools (Memory, Comparison) for retainers.`, '');
  out.push('| | after warm-up | at the end |', '| --- | ---: | ---: |');
  out.push(`| live heap in the snapshot, MB | ${mb(h.beforeBytes)} | ${mb(h.afterBytes)} |`);
  out.push(`| VmRSS just after it, MB | ${mb(h.before.sample.rss)} | ${mb(h.after.sample.rss)} |`);
  out.push(`| open fds just after it | ${num(h.before.sample.fds)} | ${num(h.after.sample.fds)} |`, '');
  out.push('What grew most (self size, by constructor or kind):', '', '| kind | count after warm-up | count at the end | MB after warm-up | MB at the end |', '| --- | ---: | ---: | ---: | ---: |');
  for (const g of h.growth) out.push(`| \`${g.key.replace(/\|/g, '\\|').slice(0, 80)}\` | ${num(g.before.count)} | ${num(g.after.count)} | ${mb(g.before.bytes)} | ${mb(g.after.bytes)} |`);
  return out;
}
