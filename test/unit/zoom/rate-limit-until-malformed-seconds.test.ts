import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RATE_LIMIT_DEFAULT_MS, rateLimitUntil } from '../../../src/zoom/rate-limit-memory.js';

const NOW = Date.UTC(2026, 11, 8, 15, 30, 0);

// Date.parse reads a bare number as a year or month ("1.5" is 2001-01-05): such a Retry-After must
// not become "a date past", which remembers nothing and lets every next call hit Zoom's limit again.
test('a Retry-After of fractional or negative seconds is not read as a date of 2001', () => {
  assert.equal(rateLimitUntil('1.5', 'QPS', NOW), NOW + 2_000, 'fractional seconds, rounded up');
  assert.equal(rateLimitUntil('-5', 'QPS', NOW), NOW + RATE_LIMIT_DEFAULT_MS, 'negative: unreadable, the short default');
  assert.equal(rateLimitUntil('-1', undefined, NOW), NOW + RATE_LIMIT_DEFAULT_MS, 'negative: unreadable, the short default');
});
