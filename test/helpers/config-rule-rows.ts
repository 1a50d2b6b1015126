/**
 * Test helpers (not a test) for the table of configuration rules: a row is a valid configuration with
 * one key changed and the exact one-line message the start fails with; rejectsEveryRow runs a table.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/config/config-error.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { REMOVE, changed, validConfig } from './valid-config.js';

export type Row = [description: string, raw: unknown, message: string, env?: NodeJS.ProcessEnv];

/** Messages that rules of several sections share. */
export const URL_MSG = 'must be an absolute http:// or https:// URL';
export const PORT_MSG = 'must be an integer from 0 to 65535';
export const SPACE_MSG = 'must not start or end with a space or line break';
export const CONNECTIONS_MSG = 'must be a whole number of connections from 1 to 4096';

/** A row changing one key of the valid configuration. */
export function row(path: (string | number)[], value: unknown, message: string, env?: NodeJS.ProcessEnv): Row {
  const shown = value === REMOVE ? 'removed' : typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
  return [`${path.join('.')} = ${shown}`, changed(validConfig(), path, value), message, env];
}

/** One test per row: parseConfig throws a ConfigError whose message is the row's, on one line. */
export function rejectsEveryRow(section: string, rows: readonly Row[]): void {
  describe(`parseConfig rejects each broken rule of ${section} with its one-line message`, () => {
    for (const [description, raw, message, env] of rows) {
      test(description, () => {
        assert.throws(
          () => parseConfig(raw, env ?? {}),
          (err: unknown) => {
            assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
            assert.equal(err.message, message);
            assert.equal(`${err.keyPath}: ${err.problem}`, message);
            assert.doesNotMatch(err.message, /\n/);
            return true;
          },
        );
      });
    }
  });
}
