import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyPlanOf, resumeMismatch } from '../../../src/downloads/body-plan.js';
import type { FileResponse } from '../../../src/downloads/request-file.js';

const ETAG = '"v1"';
const LM = 'Mon, 02 Mar 2026 10:00:00 GMT';

function answer(status: number, headers: Record<string, string>): FileResponse {
  const never = (): never => {
    throw new Error('not used');
  };
  return { url: new URL('https://ssrweb.zoom.us/f'), status, headers, pipe: never, resume: never, discard: never, abort: never };
}

test('a 200 spans the whole file; a 206 where its Content-Range says; the strong ETag is the validator, else Last-Modified', () => {
  assert.deepEqual(bodyPlanOf(answer(200, { 'content-length': '1000', etag: ETAG, 'last-modified': LM })), {
    start: 0, end: 999, size: 1000, etag: ETAG, lastModified: LM, anyEtag: ETAG, validator: ETAG,
  });
  assert.deepEqual(bodyPlanOf(answer(206, { 'content-range': 'bytes 100-199/1000', 'content-length': '100', etag: 'W/"weak"', 'last-modified': LM })), {
    start: 100, end: 199, size: 1000, etag: undefined, lastModified: LM, anyEtag: 'W/"weak"', validator: LM,
  });
});

test('no validator, or a 206 without a usable Content-Range: no resume', () => {
  assert.equal(bodyPlanOf(answer(200, { 'content-length': '10' })).validator, undefined);
  assert.equal(bodyPlanOf(answer(206, { etag: ETAG })).validator, undefined);
  assert.equal(bodyPlanOf(answer(200, { etag: ETAG })).end, undefined, 'no length: the end is not known');
});

test('a resume continues only with a 206 of the same version starting at the next byte', () => {
  const plan = bodyPlanOf(answer(200, { 'content-length': '1000', etag: ETAG }));
  const resumed = (headers: Record<string, string>, status = 206): string | undefined => resumeMismatch(answer(status, headers), plan, 400);
  assert.equal(resumed({ 'content-range': 'bytes 400-999/1000', 'content-length': '600', etag: ETAG }), undefined);
  assert.match(String(resumed({ 'content-length': '1000', etag: '"v2"' }, 200)), /not 206: the file changed/);
  assert.match(String(resumed({ 'content-range': 'bytes 0-999/1000', etag: ETAG })), /starts at byte 0, not 400/);
  assert.match(String(resumed({ 'content-range': 'bytes 400-998/1000', etag: ETAG })), /ends at byte 998/);
  assert.match(String(resumed({ 'content-range': 'bytes 400-999/2000', etag: ETAG })), /ends at byte 999, not|size changed/);
  assert.match(String(resumed({ 'content-range': 'bytes 400-999/1000', etag: '"v2"' })), /ETag changed/);
  // A weak ETag is no validator (the resume asks by date), but one that changed still means another version.
  const weak = bodyPlanOf(answer(200, { 'content-length': '1000', etag: 'W/"v1"', 'last-modified': LM }));
  assert.match(String(resumeMismatch(answer(206, { 'content-range': 'bytes 400-999/1000', etag: 'W/"v2"', 'last-modified': LM }), weak, 400)), /ETag changed/);
  assert.match(String(resumed({ 'content-range': 'bytes 400-999/1000', etag: ETAG, 'content-length': '5' })), /Content-Length disagrees/);
  assert.match(String(resumed({ etag: ETAG })), /no usable Content-Range/);
});

test('without an ETag, Last-Modified must hold', () => {
  const plan = bodyPlanOf(answer(200, { 'content-length': '10', 'last-modified': LM }));
  assert.equal(resumeMismatch(answer(206, { 'content-range': 'bytes 5-9/10', 'last-modified': LM }), plan, 5), undefined);
  assert.match(String(resumeMismatch(answer(206, { 'content-range': 'bytes 5-9/10', 'last-modified': 'Tue, 03 Mar 2026 10:00:00 GMT' }), plan, 5)), /Last-Modified changed/);
});
