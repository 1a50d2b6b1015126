import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientRangeHeaders } from '../../../src/downloads/client-range.js';

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

test('an If-Range too long or with control characters is dropped, the Range kept', () => {
  assert.deepEqual(clientRangeHeaders({ range: 'bytes=1-', 'if-range': `"${'a'.repeat(300)}"` }), { range: 'bytes=1-' });
  assert.deepEqual(clientRangeHeaders({ range: 'bytes=1-', 'if-range': '"a\tb"' }), { range: 'bytes=1-' });
});
