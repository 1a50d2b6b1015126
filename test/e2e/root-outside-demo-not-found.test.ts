import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { stackForTest } from '../helpers/start-stack.js';

// Outside demo mode the proxy has nothing at `/`: a person who opens the bare address must be told
// so, not that "this link could not be opened" (which reads as a broken start or download link).

test('GET / outside demo mode: a neutral 404 in JSON', async (t) => {
  const { url } = await stackForTest(t);
  const res = await request(`${url}/`, { headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 404);
  const body = (await res.body.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'not_found');
  assert.match(body.error.message, /nothing at this address/i);
});

test('GET / from a browser outside demo mode: a page saying there is nothing here, not a broken link', async (t) => {
  const { url } = await stackForTest(t);
  const res = await request(`${url}/`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  assert.equal(res.statusCode, 404);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  const page = await res.body.text();
  assert.match(page, /nothing at this address/i);
  assert.doesNotMatch(page, /could not be opened/i);
  assert.doesNotMatch(page, /demo/i, 'no trace of the demo page outside demo mode');
});
