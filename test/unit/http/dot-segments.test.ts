import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasDotSegment } from '../../../src/http/dot-segments.js';

test('dot segments in any spelling are found; dots inside names, double-encoded UUIDs and the query are not', () => {
  for (const path of ['/v2/..', '/v2/../oauth/token', '/v2/users/./me', '/v2/%2e%2e/x', '/v2/%2E%2e/x', '/v2/users/x%2F..%2F..%2Foauth', '/v2/a%5C..%5Cb', '/v2/.%2e/x']) {
    assert.equal(hasDotSegment(path), true, path);
  }
  for (const path of ['/v2/users/jane.doe@example.com/meetings', '/v2/meetings/%252F%252Fab%252B..cd%253D%253D/recordings', '/v2/users/me?next=../x', '/v2/users/a..b', '/v2/...', '/v2/users/%zz', '/v2']) {
    assert.equal(hasDotSegment(path), false, path);
  }
});
