import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scopeTargetOf } from '../../../src/passthrough/passthrough-scope.js';

test('user paths: /users/{u} and below, the segment decoded once', () => {
  assert.deepEqual(scopeTargetOf('GET', '/users/alice%40example.com'), { kind: 'user', user: 'alice@example.com' });
  assert.deepEqual(scopeTargetOf('POST', '/users/KDcuGIm1QgePTO8WbOqwIQ/meetings'), { kind: 'user', user: 'KDcuGIm1QgePTO8WbOqwIQ' });
  assert.deepEqual(scopeTargetOf('GET', '/users/me/token'), { kind: 'user', user: 'me' });
});

test('meetings and webinars: checked on the answer only for the GETs whose answer names the host', () => {
  assert.deepEqual(scopeTargetOf('GET', '/meetings/85012345678'), { kind: 'meeting', ref: '85012345678', byResponse: true });
  assert.deepEqual(scopeTargetOf('GET', '/meetings/85012345678/recordings'), { kind: 'meeting', ref: '85012345678', byResponse: true });
  assert.deepEqual(scopeTargetOf('GET', '/meetings/Qm9i%252F%252Fx%253D%253D/recordings'), { kind: 'meeting', ref: 'Qm9i%2F%2Fx%3D%3D', byResponse: true });
  assert.deepEqual(scopeTargetOf('GET', '/meetings/1/registrants'), { kind: 'meeting', ref: '1', byResponse: false });
  assert.deepEqual(scopeTargetOf('GET', '/meetings/1/recordings/settings'), { kind: 'meeting', ref: '1', byResponse: false });
  assert.deepEqual(scopeTargetOf('DELETE', '/meetings/1'), { kind: 'meeting', ref: '1', byResponse: false });
  assert.deepEqual(scopeTargetOf('PATCH', '/meetings/1/recordings'), { kind: 'meeting', ref: '1', byResponse: false });
  assert.deepEqual(scopeTargetOf('GET', '/webinars/81234567890'), { kind: 'webinar', ref: '81234567890', byResponse: true });
  assert.deepEqual(scopeTargetOf('GET', '/webinars/1/panelists'), { kind: 'webinar', ref: '1', byResponse: false });
  assert.deepEqual(scopeTargetOf('GET', '/meetings/1/'), { kind: 'meeting', ref: '1', byResponse: true }, 'a trailing slash');
});

test('everything else, and paths that could be read as another resource, are none', () => {
  for (const path of [
    '', '/', '/users', '/users/', '/accounts/me', '/past_meetings/1', '/report/daily', '/meetings', '/webinars/',
    '/users//meetings', '/users/./x', '/users/../accounts', '/users/%2e%2e/accounts', '/users/a%2Fb', '/users/a%5Cb',
    '/users/%E0%A4%A', '/meetings/1/../../users/bob', '/meetings/%2E/x', 'users/x',
    '/users/a%252Fb', '/users/a%255Cb', '/users/%252e%252e', '/users/alice%2540example.com',
  ]) {
    assert.deepEqual(scopeTargetOf('GET', path), { kind: 'none' }, path);
  }
});
