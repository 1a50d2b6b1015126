import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasDotSegment, hasUndecodableSegment } from '../../../src/passthrough/dot-segments.js';

test('dot segments in any spelling are found; dots inside names, double-encoded UUIDs and the query are not', () => {
  for (const path of ['/v2/..', '/v2/../oauth/token', '/v2/users/./me', '/v2/%2e%2e/x', '/v2/%2E%2e/x', '/v2/users/x%2F..%2F..%2Foauth', '/v2/a%5C..%5Cb', '/v2/.%2e/x', '/v2/%252e%252e/x', '/v2/%252E', '/v2/..%252fx', '/v2/x%252F..', '/v2/a%255cb', '/v2/%25252e%25252e', '/v2/x%25252F..%25252Fy']) {
    assert.equal(hasDotSegment(path), true, path);
  }
  for (const path of ['/v2/users/jane.doe@example.com/meetings', '/v2/meetings/%252F%252Fab%252B..cd%253D%253D/recordings', '/v2/users/me?next=../x', '/v2/users/a..b', '/v2/...', '/v2/users/%zz', '/v2', '/v2/meetings/%252Fab%252F%252Fcd%252B%253D/recordings', '/v2/users/a%2540b.c']) {
    assert.equal(hasDotSegment(path), false, path);
  }
});

test('a dot segment with a path parameter (read as ".." by servers that honour them) is found; a ";" elsewhere is not', () => {
  for (const path of ['/v2/users/a/..;/b/token', '/v2/users/a/..;x=1/b', '/v2/users/a/..%3B/b', '/v2/users/a/..%3b/b', '/v2/users/a/..%253B/b', '/v2/.;/x', '/v2/x%2F..;%2Fy']) {
    assert.equal(hasDotSegment(path), true, path);
  }
  for (const path of ['/v2/users/a;b/meetings', '/v2/users/a..;b', '/v2/users/x.y;z', '/v2/users/me?x=..;']) assert.equal(hasDotSegment(path), false, path);
});

test('a path that is not valid percent-encoding of UTF-8 is found; the query is not looked at', () => {
  for (const path of ['/v2/users/%zz', '/v2/users/%E0%A4/x', '/v2/users/a%', '/v2/%2']) assert.equal(hasUndecodableSegment(path), true, path);
  for (const path of ['/v2/users/me?x=%zz', '/v2/meetings/%252F/recordings', '/v2/users/%E2%82%AC', '/v2']) assert.equal(hasUndecodableSegment(path), false, path);
});
