import { ConfigError } from './config-error.js';
import { PORT_SENTENCE } from './config-rules.js';

/**
 * The port that the environment variable `PORT` asks for, overriding `listen.port` (demo mode
 * included); undefined when PORT is unset. Set but empty or not a whole number from 0 to 65535 is an
 * error, not ignored: a platform that sets PORT expects the proxy to listen there.
 *
 * @throws ConfigError `PORT: must be an integer from 0 to 65535`
 */
export function readPortOverride(env: NodeJS.ProcessEnv): number | undefined {
  const value = env['PORT'];
  if (value === undefined) return undefined;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port <= 65_535)) throw new ConfigError('PORT', PORT_SENTENCE);
  return port;
}
