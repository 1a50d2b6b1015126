import type { TestContext } from 'node:test';
import { createZoomPools } from '../../src/http/zoom-pools.js';
import { systemClock } from '../../src/clock.js';
import { startDemo, type Demo } from '../../src/demo/start-demo.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { createMetrics } from '../../src/metrics/create-metrics.js';
import { startProxy, type RunningProxy } from '../../src/server.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createLogCapture, type LogCapture } from './log-capture.js';

export interface DemoStack {
  demo: Demo;
  proxy: RunningProxy;
  /** The proxy's base URL (its publicUrl too, as in demo mode). */
  url: string;
  logs: LogCapture;
}

/**
 * Demo mode as main.ts wires it (the demo's simulator, configuration and page), on a free port,
 * in this process so a test can reach the simulator and the link secret. Closed when the test ends.
 */
export async function demoStackForTest(t: TestContext): Promise<DemoStack> {
  const demo = await startDemo({ PORT: '0' });
  const { config } = demo;
  const logs = createLogCapture();
  const logger = createLogger({
    level: 'debug',
    destination: logs.stream,
    secrets: [config.zoom.clientSecret, ...(config.accounts ?? []).map((a) => a.clientSecret), config.links.secret, ...config.clients.flatMap((c) => c.keys), ...config.bots.map((b) => b.token)],
  });
  const pools = createZoomPools(config, { keepAliveTimeout: 100, keepAliveMaxTimeout: 100 });
  const store = createMemoryStore(systemClock);
  const proxy = await startProxy({ config, logger, metrics: createMetrics(), pools, clock: systemClock, store, demoPage: demo.page });
  t.after(async () => {
    await proxy.shutdown(0);
    await pools.close();
    await store.close();
    await demo.simulator.close();
  });
  return { demo, proxy, url: proxy.url, logs };
}

/** Every `href` of a page, HTML entities of attribute values decoded. */
export function hrefsOf(page: string): string[] {
  return [...page.matchAll(/href="([^"]*)"/g)].map((m) =>
    (m[1] ?? '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
  );
}

/** One account's section of the demo page (its meetings, recording, /v2 answers and bot). */
export function sectionOf(page: string, account: string): string {
  const start = page.indexOf(`<section id="account-${account}">`);
  if (start < 0) throw new Error(`no section for account ${account} on the page`);
  return page.slice(start, page.indexOf('</section>', start));
}
