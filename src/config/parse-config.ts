import { configSchema } from './config-schema.js';
import type { Config } from './config.js';
import { issuesToConfigError } from './issues-to-config-error.js';
import { readPortOverride } from './read-port-override.js';
import { resolveEnvRefs } from './resolve-env-refs.js';

/**
 * Turns the parsed JSON of a configuration file into the resolved `Config`: resolves `env:NAME`
 * references, validates every key, applies the defaults, then lets `PORT` override `listen.port`.
 *
 * @throws {ConfigError} for the first problem found, as `<key.path>: <what is wrong>`
 */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv): Config {
  const resolved = resolveEnvRefs(raw, env);
  // reportInput stays off: issues must not carry the values (secrets among them) they reject.
  const result = configSchema.safeParse(resolved, { reportInput: false });
  if (!result.success) throw issuesToConfigError(result.error.issues);
  const port = readPortOverride(env);
  const config = result.data;
  return port === undefined ? config : { ...config, listen: { ...config.listen, port } };
}
