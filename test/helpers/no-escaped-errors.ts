import assert from 'node:assert/strict';
import { after, before } from 'node:test';

/**
 * Fails the file if any promise rejects unhandled or any exception goes uncaught while its tests run:
 * a fault that "works" but leaves a stray rejection behind would crash the real process
 * (Node's default for unhandled rejections is to exit).
 */
export function failOnEscapedErrors(): void {
  const escaped: unknown[] = [];
  const onEscape = (err: unknown): void => void escaped.push(err);
  before(() => {
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
  });
  after(() => {
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
    assert.deepEqual(escaped, [], 'no unhandled rejection or uncaught exception');
  });
}
