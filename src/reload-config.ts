import { ConfigError } from './config/config-error.js';
import { loadConfigFile } from './config/load-config.js';
import { secretsOf } from './config/secrets-of.js';
import type { Logger } from './logging/create-logger.js';
import type { RunningProxy } from './server.js';

const KEPT = 'refused: the running configuration stays';

export interface ReloadOptions {
  /** The configuration file the process started with. */
  file: string;
  env: NodeJS.ProcessEnv;
  proxy: Pick<RunningProxy, 'reload'>;
  logger: Logger;
}

/**
 * SIGHUP: read the configuration file again and, if it is valid, apply it to new requests (keys,
 * tokens, link secrets, Zoom credentials, TTLs, users, log level...). Where the proxy listens needs a
 * restart: a change there is kept out and named in the log. An invalid file changes nothing and logs
 * the sentence a start would print, `config error: <key.path>: <what is wrong>`, at level error.
 * Returns whether the configuration was applied.
 */
export function reloadConfig(options: ReloadOptions): boolean {
  const { file, env, proxy, logger } = options;
  let config;
  try {
    config = loadConfigFile(file, env);
  } catch (err) {
    // The sentence only, never the error object: it is written by the config module and quotes no value.
    if (err instanceof ConfigError) logger.error({ file, reload: KEPT }, `config error: ${err.message}`);
    else logger.error({ file, reload: KEPT, errName: err instanceof Error ? err.name : typeof err }, 'configuration reload failed');
    return false;
  }
  // First: from here on a line may carry the new secrets (the old ones stay scrubbed: requests in flight hold them).
  logger.addSecrets(secretsOf(config));
  let outcome;
  try {
    outcome = proxy.reload(config);
  } catch (err) {
    logger.error({ file, reload: KEPT, err }, 'configuration reload failed');
    return false;
  }
  const { restartNeeded, zoomCachesKept, zoomCachesReset } = outcome;
  logger.level = config.log.level;
  // With several accounts, which of them start with an empty token and caches.
  const caches = zoomCachesReset === undefined ? { zoomCachesKept } : { zoomCachesKept, zoomCachesReset };
  if (restartNeeded.length > 0) {
    logger.warn({ file, restartNeeded, ...caches }, `configuration reloaded, except ${restartNeeded.join(', ')}: changed in the file, applied only by a restart`);
  } else {
    logger.info({ file, ...caches }, 'configuration reloaded: new requests use it');
  }
  return true;
}
