/**
 * The entry point, and the only module that reads files, the environment and process signals.
 * `node dist/src/main.js [--config FILE]`; with no configuration found it runs the demo.
 */
import { Agent } from 'undici';
import { systemClock } from './clock.js';
import { ConfigError } from './config/config-error.js';
import { findConfigFile, loadConfigFile } from './config/load-config.js';
import type { Config } from './config/config.js';
import type { Demo } from './demo/start-demo.js';
import { createLogger } from './logging/create-logger.js';
import { createMetrics } from './metrics/create-metrics.js';
import { startProxy } from './server.js';
import { describeStartupError } from './describe-startup-error.js';
import { checkZoomAtStart } from './zoom/check-zoom-at-start.js';

/** Every literal secret of a configuration, so the logger can scrub them wherever they appear. */
function secretsOf(config: Config): string[] {
  return [config.zoom.clientSecret, config.links.secret, ...config.clients.map((c) => c.key), ...config.bots.map((b) => b.token)];
}

async function main(): Promise<void> {
  let config: Config;
  let demo: Demo | undefined;
  try {
    const file = findConfigFile(process.argv.slice(2), process.env, process.cwd());
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
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 128 });
  const proxy = await startProxy({ config, logger, metrics: createMetrics({ processMetrics: true }), dispatcher, clock: systemClock });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      logger.flush();
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'shutting down: no new connections, finishing requests in flight');
    void proxy
      .shutdown(config.shutdownGraceSeconds * 1000)
      .then(() => demo?.simulator.close())
      .then(() => dispatcher.destroy())
      .finally(() => {
        logger.info('stopped');
        logger.flush(() => process.exit(0));
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Only now: a signal sent as soon as this line is read must find the handlers (it killed the process undrained).
  logger.info({ url: proxy.url, publicUrl: proxy.publicUrl, demo: demo !== undefined }, 'listening');
  if (demo) process.stdout.write(demo.banner(proxy.publicUrl));
  // After the listening line, in the background: a bad credential or an unreachable Zoom is said now, not at the first request.
  void checkZoomAtStart({
    tokens: proxy.services.tokens,
    logger,
    oauthUrl: config.zoom.oauthUrl,
    timeoutSeconds: config.zoom.timeoutSeconds,
    stopping: () => stopping,
  });
}

main().catch((err: unknown) => {
  // Startup failed (e.g. the port is taken): one line, no stack full of config values.
  process.stderr.write(`startup error: ${describeStartupError(err)}\n`);
  process.exit(1);
});
