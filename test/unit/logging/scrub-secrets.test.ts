import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecretScrubber } from '../../../src/logging/scrub-secrets.js';

const scrub = createSecretScrubber(['literal-client-key-123', 'short']);

test('scrubs secrets riding in URL query parameters', () => {
  const line = '{"url":"/start/1?exp=1&sig=abcDEF_-&x=1","zoom":"https://zoom.us/s/1?zak=eyJx.y.z&pwd=p4ss","t":"/zak?token=bot-secret&bot_uuid=u","d":"/rec/download/x?access_token=tok"}';
  const out = scrub(line);
  for (const secret of ['abcDEF_-', 'eyJx.y.z', 'p4ss', 'bot-secret', 'tok"']) assert.ok(!out.includes(secret), `${secret} in ${out}`);
  assert.ok(out.includes('bot_uuid=u'), 'other parameters stay');
  assert.ok(out.includes('exp=1'), 'other parameters stay');
});

test('scrubs the pre-signed query of a recording file host (CloudFront, S3, GCS, the simulator\'s CDN)', () => {
  const line =
    '{"a":"https://ssrweb.zoom.us/f.mp4?Expires=1&Signature=cfSIG~x&Key-Pair-Id=K1","b":"https://s3/x?X-Amz-Credential=AKIA%2Fy&X-Amz-Security-Token=stsTOK&X-Amz-Signature=s3SIG",' +
    '"c":"https://gcs/x?X-Goog-Credential=gcsCRED&X-Goog-Signature=gcsSIG","d":"http://127.0.0.2:1/file/x?expires=2&signature=simSIG"}';
  const out = scrub(line);
  for (const secret of ['cfSIG', 'AKIA', 'stsTOK', 's3SIG', 'gcsCRED', 'gcsSIG', 'simSIG']) assert.ok(!out.includes(secret), `${secret} in ${out}`);
  assert.ok(out.includes('Expires=1') && out.includes('expires=2'), 'expiries are not secrets');
});

test('scrubs Authorization values, JWTs anywhere and configured literals', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ1MSJ9.c2lnbmF0dXJl';
  const out = scrub(`Bearer abc.def Basic dXNlcjpwYXNz token ${jwt} key literal-client-key-123`);
  for (const secret of ['abc.def', 'dXNlcjpwYXNz', jwt, 'literal-client-key-123']) assert.ok(!out.includes(secret), out);
});

test('leaves text without secrets untouched and ignores literals too short to be secrets', () => {
  const text = '{"msg":"request","route":"start","status":302,"note":"short"}';
  assert.equal(scrub(text), text);
});

test('a secret with a quote or backslash in it is scrubbed whole from a JSON line (escapes are part of the value)', () => {
  const line = JSON.stringify({ url: '/start/1?sig=ab"SECRET-rest&exp=1', other: '/x?token=a\\b\\SECRET2' });
  const out = scrub(line);
  for (const secret of ['SECRET-rest', 'SECRET2']) assert.ok(!out.includes(secret), out);
  assert.ok(out.includes('exp=1'), out);
  assert.doesNotThrow(() => JSON.parse(out), 'still JSON');
});

test('literals added later (a reloaded configuration) are scrubbed besides the first ones', () => {
  const scrub = createSecretScrubber(['old-link-secret-0123456789']);
  scrub.add(['new-link-secret-9876543210', 'short']);
  assert.equal(scrub('a old-link-secret-0123456789 b new-link-secret-9876543210 c short'), 'a [redacted] b [redacted] c short');
});

test('a parameter name written with escapes (a query parser decodes names) is matched decoded, once or more', () => {
  const line = JSON.stringify({ url: '/zak?%74oken=A1%41&t%6Fken=A2&%54OKEN=A3&%2574%256Fken=A4&access%5Ftoken=A5&%7A%61%6B=A6&%73ig=A7&x=%74oken&to%zzken=keep1&%74ok=keep2' });
  const out = scrub(line);
  for (const secret of ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']) assert.ok(!out.includes(secret), `${secret} in ${out}`);
  for (const kept of ['x=%74oken', 'to%zzken=keep1', '%74ok=keep2']) assert.ok(out.includes(kept), `${kept} kept in ${out}`);
});
