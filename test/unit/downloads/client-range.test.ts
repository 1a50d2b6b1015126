import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientRangeHeaders, ifRangeHolds } from '../../../src/downloads/client-range.js';

test('one byte range goes on, written canonically, with its If-Range', () => {
  assert.deepEqual(clientRangeHeaders({ range: 'bytes=0-99' }), { range: 'bytes=0-99' });
  assert.deepEqual(clientRangeHeaders({ range: 'bytes=-500' }), { range: 'bytes=-500' });
  assert.deepEqual(clientRangeHeaders({ range: ' BYTES = 7 - ' }), { range: 'bytes=7-' });
  assert.deepEqual(clientRangeHeaders({ range: 'bytes=1-', 'if-range': '"abc"' }), { range: 'bytes=1-', 'if-range': '"abc"' });
  assert.deepEqual(clientRangeHeaders({ range: 'bytes=1-', 'if-range': 'Wed, 21 Oct 2015 07:28:00 GMT' }), { range: 'bytes=1-', 'if-range': 'Wed, 21 Oct 2015 07:28:00 GMT' });
});

test('no range, several ranges or a malformed one: nothing goes on (the whole file comes back)', () => {
  for (const range of [undefined, '', 'bytes=-', 'bytes=0-1,4-5', 'bytes=a-b', 'items=0-1', `bytes=0-${'1'.repeat(16)}`]) {
    assert.deepEqual(clientRangeHeaders({ range }), {}, String(range));
  }
  assert.deepEqual(clientRangeHeaders({ 'if-range': '"abc"' }), {}, 'If-Range alone means nothing');
});

test('an If-Range too long or with control characters is not forwarded, and neither is its Range: the whole file, never an unconditional range', () => {
  assert.deepEqual(clientRangeHeaders({ range: 'bytes=1-', 'if-range': `"${'a'.repeat(300)}"` }), {});
  assert.deepEqual(clientRangeHeaders({ range: 'bytes=1-', 'if-range': '"a\tb"' }), {});
});

test("a 206 holds the client's If-Range only for the same strong ETag or exactly its Last-Modified; a weak ETag never", () => {
  const lm = 'Wed, 01 Jan 2025 00:00:00 GMT';
  assert.equal(ifRangeHolds('"v1"', { etag: '"v1"' }), true);
  assert.equal(ifRangeHolds('"v1"', { etag: '"v2"' }), false);
  assert.equal(ifRangeHolds('"v1"', {}), false);
  assert.equal(ifRangeHolds('W/"v1"', { etag: 'W/"v1"' }), false);
  assert.equal(ifRangeHolds(lm, { 'last-modified': lm }), true);
  assert.equal(ifRangeHolds(lm, { 'last-modified': 'Wed, 01 Jan 2025 00:00:01 GMT' }), false);
  assert.equal(ifRangeHolds('not a date', { 'last-modified': lm }), false);
});
