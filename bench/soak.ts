/**
 * `npm run soak`: ten minutes of mixed traffic through the proxy with Zoom's faults switching on and
 * off, and the proxy's resident memory and open fds at the end compared with their value after the
 * warm-up (bench/README.md, "Soak"). A bench, not a test.
 *
 * Starts the simulator in a process of its own (soak/soak-simulator.ts, faults switched over its
 * control port) and the proxy as production runs it, drives every flow with bounded concurrency,
 * switches one fault on every 30 s for a few seconds, in turn, samples the proxy from /proc every
 * 5 s, then prints a markdown report and writes it to bench/results/soak.md. Every process it
 * started is ended by PID, at the end or on SIGINT. Exits 1 when the verdict fails.
 * Options: soak/soak-options.ts (`--duration`, `--warmup`, ... or SOAK_DURATION, ...).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { createLinkBuilder } from '../src/links/link-builder.js';
import { createLinkSigner } from '../src/links/link-signer.js';
import { DEMO } from '../simulator/simulator.js';
import { describeMachine, sampleBusy } from './harness/machine.js';
import { cleanEnv, freePort, readAnnouncement, spawnProc, stopAll, waitForHttp, type Proc } from './harness/processes.js';
import { FAULT_NAMES, type FaultName } from './soak/fault-catalogue.js';
import { FLOWS, LARGE_DOWNLOAD, largeDownload, type Flow, type FlowContext } from './soak/flows.js';
import { heapGrowth, snapshotArgs, summariseHeap, takeHeapSnapshot, totalBytes } from './soak/heap-snapshots.js';
import { drift, startSampler, takeSample, type Sample } from './soak/sampler.js';
import { BASELINE_S, END_S, judgeFaults, renderSoakReport, withinBound, type FaultWindow, type HeapReport } from './soak/soak-report.js';
import type { SoakSimulatorInfo } from './soak/soak-simulator.js';
import { readSoakOptions, type SoakOptions } from './soak/soak-options.js';
import { Tally } from './soak/tally.js';

const distDir = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(fileURLToPath(new URL('../..', import.meta.url)), 'bench', 'results');
const CLIENT_KEY = 'soak-client-key-000000000000001';
const SCOPED_KEY = 'soak-client-key-alice-only-00001';
const BOT_TOKEN = 'soak-bot-token-0000000000000001';
const LINK_SECRET = 'soak-link-secret-that-is-at-least-32-characters';

function log(line: string): void {
  process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** Why the traffic stopped before its time (the proxy died, SIGINT), if it did. */
let stopped: string | undefined;

function proxyConfig(sim: SoakSimulatorInfo, port: number): Record<string, unknown> {
  return {
    listen: { host: '127.0.0.1', port },
    zoom: {
      ...sim.credentials, oauthUrl: sim.oauthUrl, apiUrl: sim.apiUrl, webUrl: sim.webUrl,
      downloadHosts: [new URL(sim.webUrl).hostname, new URL(sim.cdnUrl).hostname], timeoutSeconds: 5,
    },
    links: { secret: LINK_SECRET },
    clients: [{ name: 'soak', key: CLIENT_KEY, users: ['*'] }, { name: 'soak-alice', key: SCOPED_KEY, users: [DEMO.users.alice.email] }],
    bots: [{ name: 'soak-bot', token: BOT_TOKEN, user: DEMO.users.bot.email }],
    log: { level: 'info' },
    shutdownGraceSeconds: 2,
  };
}

/** When each fault goes on and off: one every `faultEveryS` after the warm-up, leaving time to recover before the end. */
function faultPlan(o: SoakOptions): FaultWindow[] {
  const windows: FaultWindow[] = [];
  for (let k = 0, on = o.warmupS + o.faultEveryS / 3; on + o.faultS + o.graceS + 10 <= o.durationS; k++, on += o.faultEveryS) {
    windows.push({ name: FAULT_NAMES[k % FAULT_NAMES.length]!, onS: on, offS: on + o.faultS, untilS: 0 });
  }
  windows.forEach((w, i) => (w.untilS = windows[i + 1]?.onS ?? o.durationS));
  return windows;
}

async function switchFault(controlUrl: string, name: FaultName, state: 'on' | 'off'): Promise<void> {
  const res = await request(`${controlUrl}/faults/${name}/${state}`, { method: 'POST' });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`soak: switching ${name} ${state}: ${res.statusCode} ${text}`);
}

/** Switches the faults at their times (recording when they really went on and off); off at once when stopped. */
async function runFaults(controlUrl: string, plan: FaultWindow[], t0: number, until: () => boolean): Promise<void> {
  const at = async (s: number): Promise<void> => {
    while (!until() && Date.now() < t0 + s * 1000) await sleep(Math.min(250, t0 + s * 1000 - Date.now()));
  };
  for (const w of plan) {
    await at(w.onS);
    if (until()) return;
    w.onS = (Date.now() - t0) / 1000;
    await switchFault(controlUrl, w.name, 'on');
    log(`fault ${w.name} on`);
    await at(w.offS);
    await switchFault(controlUrl, w.name, 'off');
    w.offS = (Date.now() - t0) / 1000;
    log(`fault ${w.name} off`);
  }
}

/** A bounded loop: one request at a time until the deadline, a pause between. */
async function worker(next: () => Promise<void>, deadline: number, pauseMs: number, proxy: Proc): Promise<void> {
  while (Date.now() < deadline && !stopped) {
    if (proxy.hasExited()) {
      stopped ??= `the proxy exited: ${proxy.stderrTail().slice(-500)}`;
      return;
    }
    await next();
    await sleep(pauseMs);
  }
}

/** The flows in proportion to their weights, interleaved. */
function deck(flows: readonly Flow[]): () => Flow {
  const cards = flows.flatMap((f) => Array.from({ length: f.weight }, () => f));
  for (let i = cards.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [cards[i], cards[j]] = [cards[j]!, cards[i]!];
  }
  let i = 0;
  return () => cards[i++ % cards.length]!;
}

async function main(): Promise<void> {
  const options = readSoakOptions(process.argv.slice(2), process.env);
  const startedAt = new Date();
  mkdirSync(resultsDir, { recursive: true });
  const runDir = mkdtempSync(join(tmpdir(), 'zlp-soak-'));
  const machine = describeMachine(undefined);
  const before = await sampleBusy(2000);
  log(`machine busy ${((before.busy ?? 0) * 100).toFixed(0)}%, load average ${before.loadavg1.toFixed(2)}; ${options.durationS} s of traffic, warm-up ${options.warmupS} s`);

  const simProc = spawnProc(process.execPath, [join(distDir, 'bench', 'soak', 'soak-simulator.js')], {
    env: cleanEnv(), pipeStdout: true, stderrFile: join(runDir, 'simulator.stderr'),
  });
  const sim = await readAnnouncement<SoakSimulatorInfo>(simProc, 'the soak simulator');
  const port = await freePort();
  const configFile = join(runDir, 'proxy.json');
  writeFileSync(configFile, JSON.stringify(proxyConfig(sim, port), null, 2));
  const heapDir = join(resultsDir, 'soak-heap');
  if (options.heapSnapshots) {
    rmSync(heapDir, { recursive: true, force: true });
    mkdirSync(heapDir, { recursive: true });
  }
  const nodeFlags = options.heapSnapshots ? snapshotArgs(heapDir) : [];
  const proxy = spawnProc(process.execPath, [...nodeFlags, join(distDir, 'src', 'main.js'), '--config', configFile], { stderrFile: join(runDir, 'proxy.stderr') });
  const proxyUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${proxyUrl}/healthz`, proxy);
  log(`simulator pid ${simProc.pid} (${sim.webUrl}), proxy pid ${proxy.pid} (${proxyUrl})`);

  const dispatcher = new Agent({ connections: options.concurrency + 2, keepAliveTimeout: 4000, headersTimeout: 20_000, bodyTimeout: 20_000 });
  const ctx: FlowContext = {
    proxyUrl, clientKey: CLIENT_KEY, scopedKey: SCOPED_KEY, botToken: BOT_TOKEN, zoomWebUrl: sim.webUrl, dispatcher,
    links: createLinkBuilder(proxyUrl, createLinkSigner(LINK_SECRET, Date.now), { start: 86_400, download: 21_600 }),
  };
  const t0 = Date.now();
  const deadline = t0 + options.durationS * 1000;
  const tally = new Tally(t0);
  const sampler = startSampler(proxy.pid, `${proxyUrl}/metrics`, t0, options.sampleS * 1000);
  const plan = faultPlan(options);
  let progress: NodeJS.Timeout | undefined;
  const snapshots: Array<{ file: string; sample: Sample }> = [];
  const snapshot = async (): Promise<void> => {
    const file = await takeHeapSnapshot(proxy.pid, heapDir, `${proxyUrl}/healthz`);
    snapshots.push({ file, sample: await takeSample(proxy.pid, `${proxyUrl}/metrics`, t0) });
    log(`heap snapshot ${file}`);
  };
  // Just after the baseline's samples, before the first fault.
  const firstSnapshot = options.heapSnapshots ? sleep(Math.max(0, t0 + (options.warmupS + 1) * 1000 - Date.now())).then(snapshot) : undefined;
  try {
    progress = setInterval(() => {
      const last = sampler.samples.at(-1);
      const done = tally.between(0, Infinity).all;
      log(`${Math.round((Date.now() - t0) / 1000)} s: ${done.total} requests, ${done.ok} ok; proxy RSS ${((last?.rss ?? 0) / 2 ** 20).toFixed(1)} MB, ${last?.fds ?? '?'} fds`);
    }, 30_000);
    const pick = deck(FLOWS);
    const small = Array.from({ length: options.concurrency }, () => worker(async () => {
      const flow = pick();
      const started = Date.now();
      tally.add(flow.name, started, await flow.run(ctx));
    }, deadline, options.pauseMs, proxy));
    let large = 0;
    const downloads = worker(async () => {
      const started = Date.now();
      tally.add(LARGE_DOWNLOAD, started, await largeDownload(ctx, large++ % 2 === 1));
    }, deadline, 500, proxy);
    await Promise.all([...small, downloads, firstSnapshot, runFaults(sim.controlUrl, plan, t0, () => stopped !== undefined || Date.now() >= deadline)]);
  } finally {
    clearInterval(progress);
  }
  const trafficEndS = (Date.now() - t0) / 1000;
  await dispatcher.close();
  log(`traffic over; ${options.quietS} s without traffic`);
  await sleep(options.quietS * 1000);
  await sampler.stop();
  const final = await takeSample(proxy.pid, `${proxyUrl}/metrics`, t0);
  let heap: HeapReport | undefined;
  if (options.heapSnapshots) {
    await snapshot();
    const [a, b] = snapshots;
    if (a && b) {
      const before = summariseHeap(a.file);
      const after = summariseHeap(b.file);
      heap = { before: a, after: b, beforeBytes: totalBytes(before), afterBytes: totalBytes(after), growth: heapGrowth(before, after, 15) };
    }
  }

  await proxy.stop(10_000);
  const exit = await proxy.exited;
  await simProc.stop();
  const proxyStderr = proxy.stderrTail();
  const after = await sampleBusy(2000);
  rmSync(runDir, { recursive: true, force: true });

  for (const w of plan) w.untilS = Math.min(w.untilS, trafficEndS);
  const windows = { warmupS: options.warmupS, baselineS: BASELINE_S, trafficEndS, endS: END_S };
  const drifts = {
    rss: drift(sampler.samples, 'rss', windows, final),
    fds: drift(sampler.samples, 'fds', windows, final),
    heapUsed: drift(sampler.samples, 'heapUsed', windows, final),
    heapTotal: drift(sampler.samples, 'heapTotal', windows, final),
    external: drift(sampler.samples, 'external', windows, final),
    handles: drift(sampler.samples, 'handles', windows, final),
  };
  const report = renderSoakReport({
    options, machine, startedAt, before, after, trafficEndS, tally, samples: sampler.samples, final,
    drifts,
    faults: judgeFaults(tally, plan.filter((w) => w.onS < trafficEndS), options.graceS),
    proxyStderr,
    heap,
    proxyExit: exit.code === 0 ? 'exited 0' : `exited with ${exit.code ?? exit.signal}`,
    stopped,
  });
  writeFileSync(join(resultsDir, 'soak.md'), report);
  process.stdout.write(`${report}\n`);
  log('written to bench/results/soak.md');
  if (!withinBound(drifts.rss) || !withinBound(drifts.fds) || stopped || exit.code !== 0) process.exitCode = 1;
}

process.once('SIGINT', () => {
  stopped = 'interrupted (SIGINT)';
  log('SIGINT: ending every process the soak started');
  void stopAll().finally(() => process.exit(130));
});

main().catch(async (err: unknown) => {
  await stopAll();
  process.stderr.write(`soak failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
