import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, REDACTED_PATHS } from '../../../src/logging/create-logger.js';

/** The lines a logger writes, parsed. */
function capture(): { destination: Writable; lines: () => Array<Record<string, unknown>>; text: () => string } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  return { destination, text: () => text, lines: () => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test('every redacted path is censored, at the top level and nested as listed', () => {
  const sink = capture();
  const logger = createLogger({ level: 'info', destination: sink.destination });
  const entry: Record<string, unknown> = {};
  for (const path of REDACTED_PATHS) {
    const keys = path.split('.');
    let at = entry;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[keys.at(-1) as string] = `canary-${path}`;
  }
  logger.info(entry, 'shapes');
  assert.ok(!sink.text().includes('canary-'), sink.text());
  assert.equal((sink.lines()[0] as { token?: string }).token, '[redacted]');
});

test('a secret under a key no path lists is still caught by the scrubber (Bearer values, JWTs, configured literals)', () => {
  const sink = capture();
  const logger = createLogger({ level: 'info', destination: sink.destination, secrets: ['configured-literal-secret'] });
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ1MSJ9.c2lnbmF0dXJl';
  logger.info({ upstream: { request: { headers: { Authorization: 'Bearer deep-token-value' } } }, note: jwt, other: 'configured-literal-secret' }, 'deep');
  for (const secret of ['deep-token-value', jwt, 'configured-literal-secret']) assert.ok(!sink.text().includes(secret), sink.text());
  assert.equal(sink.lines()[0]?.msg, 'deep');
});
