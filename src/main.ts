/**
 * The entry point, and the only module that reads files, the environment and process signals.
 * `node dist/src/main.js [--config FILE]`; with no configuration found it runs the demo.
 */
import { systemClock } from './clock.js';
import { ConfigError } from './config/config-error.js';
import { configWarnings } from './config/config-warnings.js';
import { findConfigFile, loadConfigFile } from './config/load-config.js';
import type { Config } from './config/config.js';
import { secretsOf } from './config/secrets-of.js';
import type { Demo } from './demo/start-demo.js';
import { createZoomPools } from './http/zoom-pools.js';
import { createLogger } from './logging/create-logger.js';
import { createMetrics } from './metrics/create-metrics.js';
import { reloadConfig } from './reload-config.js';
import { startProxy } from './server.js';
import { createStore } from './store/create-store.js';
import { describeStartupError } from './describe-startup-error.js';
import { checkZoomAtStart } from './zoom/check-zoom-at-start.js';

async function main(): Promise<void> {
  let config: Config;
  let demo: Demo | undefined;
  let file: string | undefined;
  try {
    file = findConfigFile(process.argv.slice(2), process.env, process.cwd());
    if (file) {
      config = loadConfigFile(file, process.env);
    } else {
      // Loaded only for the demo: a proxy fronting real Zoom never carries the simulator.
      const { startDemo } = await import('./demo/start-demo.js');
      demo = await startDemo(process.env);
      config = demo.config;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`config error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const logger = createLogger({ level: config.log.level, secrets: secretsOf(config) });
  // Not for the demo: it talks to its own simulator on loopback, over http, on purpose.
  if (demo === undefined) {
    for (const { keyPath, problem } of configWarnings(config)) logger.warn({ key: keyPath }, `config warning: ${keyPath}: ${problem}`);
  }
  const pools = createZoomPools(config);
  const metrics = createMetrics({ processMetrics: true });
  const store = await createStore(config, { clock: systemClock, logger, metrics });
  const proxy = await startProxy({
    config, logger, metrics, pools, clock: systemClock, store,
    ...(demo ? { demoPage: demo.page } : {}),
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      logger.flush();
      process.exit(1);
    }
    stopping = true;
    // The grace of the configuration in force: a reload may have changed it.
    const { shutdownGraceSeconds } = proxy.services.config;
    logger.info({ signal, graceSeconds: shutdownGraceSeconds }, 'shutting down: no new connections, finishing requests in flight');
    void proxy
      .shutdown(shutdownGraceSeconds * 1000)
      .then(() => demo?.simulator.close())
      .then(() => pools.destroy())
      .then(() => store.close())
      .finally(() => {
        logger.info('stopped');
        logger.flush(() => process.exit(0));
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Without a handler SIGHUP would end the process.
  const configFile = file;
  process.on('SIGHUP', () => {
    if (stopping) return;
    if (configFile === undefined) logger.warn('SIGHUP: demo mode has no configuration file to reload; nothing changed');
    else reloadConfig({ file: configFile, env: process.env, proxy, logger });
  });
  // Only now: a signal sent as soon as this line is read must find the handlers (it killed the process undrained).
  logger.info({ url: proxy.url, publicUrl: proxy.publicUrl, demo: demo !== undefined }, 'listening');
  if (demo) process.stdout.write(demo.banner(proxy.publicUrl));
  // After the listening line, in the background: a bad credential or an unreachable Zoom is said now, not at the first request.
  // A reload that replaced an account's Zoom side meanwhile makes its warning stale: it is dropped.
  for (const [name, side] of proxy.services.accounts) {
    const checked = side.tokens;
    void checkZoomAtStart({
      tokens: checked,
      logger,
      oauthUrl: side.account.oauthUrl,
      timeoutSeconds: side.account.timeoutSeconds,
      stopping: () => stopping || proxy.services.accounts.get(name)?.tokens !== checked,
      account: side.label,
    });
  }
}

main().catch((err: unknown) => {
  // Startup failed (e.g. the port is taken): one line, no stack full of config values.
  process.stderr.write(`startup error: ${describeStartupError(err)}\n`);
  process.exit(1);
});
