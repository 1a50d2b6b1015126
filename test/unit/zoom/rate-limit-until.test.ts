import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RATE_LIMIT_DEFAULT_MS, RATE_LIMIT_MAX_MS, rateLimitUntil } from '../../../src/zoom/rate-limit-memory.js';

const NOW = Date.UTC(2026, 11, 8, 15, 30, 0);

test('until when a 429 holds, from Retry-After (seconds or an HTTP date), the limit type, or a default; capped at a day', () => {
  const rows: Array<[string | undefined, string | undefined, number | undefined, string]> = [
    ['7', 'QPS', NOW + 7_000, 'seconds'],
    [' 30 ', undefined, NOW + 30_000, 'seconds with spaces'],
    [new Date(NOW + 120_000).toUTCString(), 'Daily-limit', NOW + 120_000, 'an HTTP date'],
    [undefined, 'Daily-limit', Date.UTC(2026, 11, 9), 'daily without Retry-After: the next midnight UTC'],
    [undefined, undefined, NOW + RATE_LIMIT_DEFAULT_MS, 'nothing said: the short default'],
    ['soon', 'QPS', NOW + RATE_LIMIT_DEFAULT_MS, 'unreadable: the short default'],
    ['999999', 'QPS', NOW + RATE_LIMIT_MAX_MS, 'capped'],
    [new Date(NOW + 3 * RATE_LIMIT_MAX_MS).toUTCString(), undefined, NOW + RATE_LIMIT_MAX_MS, 'a far date, capped'],
    ['0', 'QPS', undefined, 'already over'],
    [new Date(NOW - 5_000).toUTCString(), undefined, undefined, 'a date past'],
  ];
  for (const [retryAfter, type, until, why] of rows) assert.equal(rateLimitUntil(retryAfter, type, NOW), until, why);
});
