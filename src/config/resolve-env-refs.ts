import { ConfigError } from './config-error.js';
import { formatKeyPath } from './format-key-path.js';

/** The prefix that makes a string value a reference to an environment variable. */
export const ENV_REF_PREFIX = 'env:';

/** POSIX-portable variable names: what a shell `export` and a container runtime accept. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Returns a copy of `value` in which every string written `"env:NAME"`, at any depth (array items
 * included), is replaced by the environment variable NAME. The input is not modified.
 *
 * An unset variable is an error naming the key path; an empty one counts as set (the key's own rule
 * then decides whether empty is acceptable). The resolved value is used once, as written: it is not
 * itself resolved again, and it never appears in an error message (it is often a secret).
 *
 * @throws ConfigError `<key.path>: environment variable NAME is not set`
 */
export function resolveEnvRefs(value: unknown, env: NodeJS.ProcessEnv): unknown {
  return resolve(value, env, []);
}

function resolve(value: unknown, env: NodeJS.ProcessEnv, path: PropertyKey[]): unknown {
  if (typeof value === 'string') return value.startsWith(ENV_REF_PREFIX) ? lookUp(value, env, path) : value;
  if (Array.isArray(value)) return value.map((item, index) => resolve(item, env, [...path, index]));
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a JSON key "__proto__" stays a key (and is then
    // reported as unknown) instead of replacing the copy's prototype.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, env, [...path, key])]));
  }
  return value;
}

function lookUp(ref: string, env: NodeJS.ProcessEnv, path: PropertyKey[]): string {
  const name = ref.slice(ENV_REF_PREFIX.length);
  if (!ENV_NAME.test(name)) {
    // Not echoed: what follows "env:" may be a secret pasted in the wrong place.
    throw new ConfigError(formatKeyPath(path), `"${ENV_REF_PREFIX}" must be followed by an environment variable name (letters, digits and _, not starting with a digit)`);
  }
  // Own properties only: "env:constructor" must not find Object.prototype.constructor.
  const resolved = Object.hasOwn(env, name) ? env[name] : undefined;
  if (typeof resolved !== 'string') throw new ConfigError(formatKeyPath(path), `environment variable ${name} is not set`);
  return resolved;
}
