import type { LookupFunction } from 'node:net';
import type { TestContext } from 'node:test';
import type { BotConfig, ClientConfig, Config } from '../../src/config/config.js';
import { DEFAULTS, defaultStartHosts, defaultWebhooks } from '../../src/config/config.js';
import { secretsOf } from '../../src/config/secrets-of.js';
import { createZoomPools } from '../../src/http/zoom-pools.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { createMetrics } from '../../src/metrics/create-metrics.js';
import { startProxy, type RunningProxy, type ServerTimeouts } from '../../src/server.js';
import type { RecordingOwnerLookup } from '../../src/services.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { startSimulator, type SimulatorOptions, type ZoomSimulator } from '../../simulator/simulator.js';
import { createLogCapture, type LogCapture } from './log-capture.js';
import { createManualClock, type ManualClock } from './manual-clock.js';

/**
 * Canary secrets: every test stack uses them, so a test can search logs, bodies and headers for them.
 * Each is distinctive and long enough to be scrubbed if it ever reaches a log line.
 */
export const CANARY = {
  clientSecret: 'CANARY-oauth-client-secret-7f3a9b',
  linkSecret: 'CANARY-link-secret-0123456789abcdef0123456789',
  clientKey: 'CANARY-client-key-all-users-5d1e',
  scopedKey: 'CANARY-client-key-alice-only-8c2f',
  botToken: 'CANARY-bot-token-recall-4b6a',
} as const;

export interface Stack {
  sim: ZoomSimulator;
  proxy: RunningProxy;
  /** The proxy's base URL. */
  url: string;
  config: Config;
  clock: ManualClock;
  logs: LogCapture;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Changes to the test configuration, applied after it is built from the simulator's URLs (the simulator given, for its other accounts). */
  configure?: (config: Config, sim: ZoomSimulator) => void;
  simulator?: SimulatorOptions;
  logLevel?: Config['log']['level'];
  serverTimeouts?: ServerTimeouts;
  /** Whose recording a download URL is, for drop-in scope checks (default: what the proxy learned from recordings answers). */
  recordingOwner?: RecordingOwnerLookup;
  /** A certificate the proxy trusts when it calls Zoom, for a test's own https upstream. */
  zoomCa?: string;
  /** How the download hosts' names resolve (default `dns.lookup`). */
  lookup?: LookupFunction;
  /** The proxy's store (a Redis one, for a test of replicas); the test closes it. */
  store?: Store;
  /** A simulator already running (another replica's) and its clock: used, not closed, by this stack. */
  shared?: { sim: ZoomSimulator; clock: ManualClock };
}

export const ALICE = 'alice@example.com';
export const BOT_USER = 'bot@example.com';

function testConfig(sim: ZoomSimulator, logLevel: Config['log']['level']): Config {
  const clients: ClientConfig[] = [
    { name: 'all-users-app', keys: [CANARY.clientKey], users: ['*'] },
    { name: 'alice-app', keys: [CANARY.scopedKey], users: [ALICE] },
  ];
  const bots: BotConfig[] = [{ name: 'recall', token: CANARY.botToken, user: BOT_USER }];
  return {
    listen: { host: '127.0.0.1', port: 0, maxHeaderBytes: DEFAULTS.listen.maxHeaderBytes },
    publicUrl: undefined,
    zoom: {
      ...sim.credentials,
      oauthUrl: sim.oauthUrl,
      apiUrl: sim.apiUrl,
      webUrl: sim.webUrl,
      downloadHosts: [new URL(sim.webUrl).hostname, new URL(sim.cdnUrl).hostname],
      startHosts: defaultStartHosts(sim.webUrl),
      timeoutSeconds: 2,
      connections: DEFAULTS.zoom.connections,
    },
    links: { secret: CANARY.linkSecret, previousSecrets: [], startTtlSeconds: DEFAULTS.links.startTtlSeconds, downloadTtlSeconds: DEFAULTS.links.downloadTtlSeconds, startUrls: 'proxy' },
    zak: { cacheSeconds: DEFAULTS.zak.cacheSeconds },
    downloads: { ...DEFAULTS.downloads },
    passthrough: { ...DEFAULTS.passthrough },
    clients,
    bots,
    webhooks: defaultWebhooks(),
    log: { level: logLevel },
    shutdownGraceSeconds: 2,
  };
}

/** The simulator and the proxy in front of it, both on loopback port 0, sharing one manual clock. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const clock = options.shared?.clock ?? createManualClock();
  const sim = options.shared?.sim ?? await startSimulator({
    clock: clock.now,
    credentials: { accountId: 'test-account', clientId: 'test-client-id', clientSecret: CANARY.clientSecret },
    ...options.simulator,
  });
  const config = testConfig(sim, options.logLevel ?? 'debug');
  options.configure?.(config, sim);
  const logs = createLogCapture();
  const logger = createLogger({
    level: config.log.level,
    destination: logs.stream,
    secrets: secretsOf(config),
  });
  // Short keep-alive so that nothing outlives the test (undici's advice for tests).
  const pools = createZoomPools(config, {
    keepAliveTimeout: 100,
    keepAliveMaxTimeout: 100,
    ...(options.zoomCa ? { connect: { ca: options.zoomCa } } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
  const store = options.store ?? createMemoryStore(clock.now);
  const proxy = await startProxy(
    {
      config, logger, metrics: createMetrics(), pools, clock: clock.now, store,
      ...(options.recordingOwner ? { recordingOwner: options.recordingOwner } : {}),
    },
    options.serverTimeouts,
  );
  return {
    sim,
    proxy,
    url: proxy.url,
    config,
    clock,
    logs,
    async close() {
      await proxy.shutdown(0);
      await pools.close();
      if (!options.store) await store.close();
      if (!options.shared) await sim.close();
    },
  };
}

/** startStack for one test, closed when the test ends. */
export async function stackForTest(t: TestContext, options: StackOptions = {}): Promise<Stack> {
  const stack = await startStack(options);
  t.after(() => stack.close());
  return stack;
}
