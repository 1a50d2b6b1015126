import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { KNOWN_KEYS } from './config-schema.js';
import { TOP_LEVEL, formatKeyPath } from './format-key-path.js';
import { suggestKey } from './suggest-key.js';

/**
 * The one ConfigError to report for a failed parse: the first problem only, so the start fails with
 * one line. An unknown key comes before everything else: a misspelt key also makes the intended one
 * look missing, and the misspelling is the thing to fix.
 *
 * The messages come from the schema's own sentences, which never quote the rejected value.
 */
export function issuesToConfigError(issues: readonly z.core.$ZodIssue[]): ConfigError {
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys');
  if (unknown !== undefined) {
    const key = unknown.keys[0] ?? '';
    const hint = suggestKey(key, KNOWN_KEYS.get(shapePath(unknown.path)) ?? []);
    return new ConfigError(formatKeyPath([...unknown.path, key]), hint === undefined ? 'unknown key' : `unknown key (did you mean ${hint}?)`);
  }
  const first = issues[0];
  if (first === undefined) return new ConfigError(TOP_LEVEL, 'is not a valid configuration');
  return new ConfigError(formatKeyPath(first.path), first.message);
}

/** `['clients', 2]` -> `clients[]`: the path of a shape, whatever the array index. */
function shapePath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? '[]' : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}
