import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileResponse } from '../../../src/downloads/request-file.js';
import { refusalOf } from '../../../src/downloads/zoom-refusal.js';

const ZOOM = new URL('https://zoom.us/rec/download/abc');
const CDN = new URL('https://ssrweb.zoom.us/file/abc?Signature=s');

function answer(url: URL, status: number, contentType?: string): FileResponse {
  const never = (): never => {
    throw new Error('not used');
  };
  return { url, status, headers: contentType === undefined ? {} : { 'content-type': contentType }, pipe: never, resume: never, discard: never, abort: never };
}

test('Zoom\'s own host answering HTML, JSON, 401 or 403 where the file should be: the token is to blame', () => {
  for (const [status, type] of [[200, 'text/html; charset=utf-8'], [200, 'TEXT/HTML'], [200, 'application/xhtml+xml'], [200, 'application/json;charset=UTF-8'], [200, 'application/problem+json'], [401, 'application/json'], [403, undefined]] as const) {
    assert.equal(refusalOf(answer(ZOOM, status, type), ZOOM), 'token', `${status} ${type}`);
  }
});

test('the file host refusing (HTML, 401, 403): retry for a fresh URL without blaming the token; its JSON is a file', () => {
  assert.equal(refusalOf(answer(CDN, 200, 'text/html'), ZOOM), 'file_host');
  assert.equal(refusalOf(answer(CDN, 403, 'application/xml'), ZOOM), 'file_host');
  assert.equal(refusalOf(answer(CDN, 200, 'application/json'), ZOOM), undefined, 'TIMELINE and SUMMARY files are JSON');
});

test('files and other statuses are not refusals', () => {
  for (const [url, status, type] of [[CDN, 200, 'video/mp4'], [CDN, 206, 'audio/mp4'], [ZOOM, 200, 'video/mp4'], [CDN, 200, undefined], [ZOOM, 404, 'text/html'], [ZOOM, 500, 'application/json'], [CDN, 416, 'application/xml']] as const) {
    assert.equal(refusalOf(answer(url, status, type), ZOOM), undefined, `${url.host} ${status} ${type}`);
  }
});
