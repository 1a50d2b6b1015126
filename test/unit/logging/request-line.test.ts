import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../../src/logging/create-logger.js';
import { createRequestLine, isoNow, type RequestLineFields } from '../../../src/logging/request-line.js';

function sink(): { destination: Writable; lines: () => Array<Record<string, unknown>> } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  return { destination, lines: () => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const withoutTime = ({ time: _time, ...rest }: Record<string, unknown>): Record<string, unknown> => rest;

test('the hand-written request line is the line pino writes for the same fields (undefined ones left out, strings escaped)', () => {
  const cases: RequestLineFields[] = [
    { reqId: 'k3f9-1a', method: 'GET', url: '/v2/meetings/1', route: 'passthrough', status: 200, durationMs: 3.4, client: 'app', account: 'gov', trackingId: 'v=2.0;rid=WEB_1' },
    { method: 'POST', url: '/v2/users/me/"quoted"\\path\u0001', route: 'unmatched', status: 0, durationMs: 0, client: undefined, trackingId: undefined },
    { method: 'DELETE', url: '/v2/users/é~ \u007f/x', route: 'passthrough', status: 204, durationMs: Number.NaN, client: 'ünï', trackingId: '\t' },
  ];
  for (const fields of cases) {
    const viaPino = sink();
    const byHand = sink();
    createLogger({ level: 'info', destination: viaPino.destination }).info(fields, 'request');
    createRequestLine(createLogger({ level: 'info', destination: byHand.destination }))(fields);
    const [expected] = viaPino.lines();
    const [actual] = byHand.lines();
    assert.ok(expected && actual);
    assert.deepEqual(withoutTime(actual), withoutTime(expected));
    assert.match(String(actual.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
});

test('the request line passes the secret scrubber and follows the level', () => {
  const out = sink();
  const logger = createLogger({ level: 'info', destination: out.destination, secrets: ['configured-client-key-123'] });
  const line = createRequestLine(logger);
  line({ method: 'GET', url: '/start/1?exp=9&sig=SIGNATURE-canary&token=configured-client-key-123', route: 'start', status: 302, durationMs: 1, client: undefined, trackingId: undefined });
  const text = JSON.stringify(out.lines());
  for (const secret of ['SIGNATURE-canary', 'configured-client-key-123']) assert.ok(!text.includes(secret), text);
  assert.ok(text.includes('exp=9'));
  logger.level = 'warn';
  line({ method: 'GET', url: '/healthz', route: 'health', status: 200, durationMs: 1, client: undefined, trackingId: undefined });
  assert.equal(out.lines().length, 1, 'nothing at level warn');
});

test('the line\'s time is toISOString\'s, across seconds, milliseconds with their zeros, days and years', () => {
  const base = Date.UTC(2026, 11, 31, 23, 59, 58);
  const moments = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 1999, 2000, 2007, 2999, 86_400_000 + 5].map((d) => base + d);
  for (const now of [...moments, ...moments.reverse(), 0, 1, 951_782_400_123]) assert.equal(isoNow(now), new Date(now).toISOString(), String(now));
});
