import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseContentRange } from '../../../src/downloads/content-range.js';

test('a single byte range with a size or *', () => {
  assert.deepEqual(parseContentRange('bytes 0-99/1000'), { start: 0, end: 99, size: 1000 });
  assert.deepEqual(parseContentRange('Bytes 5-5/*'), { start: 5, end: 5, size: undefined });
  assert.deepEqual(parseContentRange(' bytes 10-19/20 '), { start: 10, end: 19, size: 20 });
});

test('anything else is not a usable Content-Range', () => {
  for (const header of [undefined, '', 'bytes */1000', 'bytes 10-5/100', 'bytes 0-100/100', 'items 0-1/2', 'bytes 0-1', 'bytes=0-1/2', 'bytes -1-5/9', `bytes 0-${'9'.repeat(16)}/*`]) {
    assert.equal(parseContentRange(header), undefined, String(header));
  }
});
