/**
 * Where a `--cpu-prof` profile spent its time: self time per function and per package, busiest first,
 * as markdown. Idle time is left out of the percentages (it is the event loop waiting).
 * Run alone: `node dist/bench/profile/summarise-cpuprofile.js FILE.cpuprofile [top]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled time not idle, ms. */
  busyMs: number;
  idleMs: number;
  functions: SelfTime[];
  packages: SelfTime[];
  /**
   * Total (self + callees) time of the application's and libraries' functions, Node's own left out:
   * the request log's `finish`, the route handler, Express's `handle`, pino's `write`...
   */
  inclusive: SelfTime[];
}

/** `node_modules/express/...` -> `express`; Node's own modules -> `node:internal`; ours -> `src/...` path. */
export function packageOf(url: string): string {
  if (url === '') return '(native / V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node (core)';
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + '/dist/'.length).split('/').slice(0, 2).join('/') : url;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + '/dist/'.length) : url.replace(/^file:\/\//, '');
}

export function summariseProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
  const total = new Map<string, SelfTime>();
  const fn = new Map<string, SelfTime>();
  const pkg = new Map<string, SelfTime>();
  let idleUs = 0;
  let busyUs = 0;
  // Sample i lasts until sample i+1: its duration is the next time delta.
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i] ?? -1);
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const name = frame.functionName || '(anonymous)';
    const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const f = fn.get(key) ?? { name, where, ms: 0, share: 0 };
    f.ms += us / 1000;
    fn.set(key, f);
    // Every application or library function on the stack gets the sample once, however deep.
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parentOf.get(id)) {
      const f = byId.get(id);
      if (!f?.url || f.url.startsWith('node:')) continue;
      const k = `${f.functionName || '(anonymous)'}@${shortUrl(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const t = total.get(k) ?? { name: f.functionName || '(anonymous)', where: `${shortUrl(f.url)}:${f.lineNumber + 1}`, ms: 0, share: 0 };
      t.ms += us / 1000;
      total.set(k, t);
    }
    const pName = frame.url ? packageOf(frame.url) : name.startsWith('(') ? name : '(native / V8)';
    const p = pkg.get(pName) ?? { name: pName, where: '', ms: 0, share: 0 };
    p.ms += us / 1000;
    pkg.set(pName, p);
  }
  const rank = (m: Map<string, SelfTime>): SelfTime[] =>
    [...m.values()].map((s) => ({ ...s, share: busyUs > 0 ? s.ms / (busyUs / 1000) : 0 })).sort((a, b) => b.ms - a.ms).slice(0, top);
  return { busyMs: busyUs / 1000, idleMs: idleUs / 1000, functions: rank(fn), packages: rank(pkg), inclusive: rank(total) };
}

export function formatSummary(title: string, s: ProfileSummary): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const lines = [`#### ${title}`, '', `Busy ${Math.round(s.busyMs)} ms, idle ${Math.round(s.idleMs)} ms (shares below are of busy time).`, ''];
  lines.push('| self time by package | ms | share |', '| --- | ---: | ---: |');
  for (const p of s.packages.slice(0, 8)) lines.push(`| ${p.name} | ${Math.round(p.ms)} | ${pct(p.share)} |`);
  lines.push('', '| top functions by self time | where | ms | share |', '| --- | --- | ---: | ---: |');
  for (const f of s.functions) lines.push(`| \`${f.name}\` | ${f.where || '-'} | ${Math.round(f.ms)} | ${pct(f.share)} |`);
  lines.push('', '| application and library functions by total time (self + callees) | where | ms | share |', '| --- | --- | ---: | ---: |');
  for (const f of s.inclusive) lines.push(`| \`${f.name}\` | ${f.where} | ${Math.round(f.ms)} | ${pct(f.share)} |`);
  return `${lines.join('\n')}\n`;
}

export function summariseFile(file: string, top = 15): ProfileSummary {
  return summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile/summarise-cpuprofile.js FILE.cpuprofile [top]\n');
    process.exit(2);
  }
  process.stdout.write(formatSummary(file, summariseFile(file, Number(process.argv[3] ?? 15))));
}
