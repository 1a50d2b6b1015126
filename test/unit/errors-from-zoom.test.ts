import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toProxyError } from '../../src/errors.js';

const withCode = (code: string, cause?: unknown): Error => Object.assign(new Error(code, { cause }), { code });

test('network failures reaching Zoom map to zoom_unreachable, TLS ones included; timeouts to zoom_timeout', () => {
  for (const code of ['ECONNREFUSED', 'UND_ERR_SOCKET', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER']) {
    assert.equal(toProxyError(withCode(code)).code, 'zoom_unreachable', code);
    // undici wraps the socket's error: the code is found in the cause.
    assert.equal(toProxyError(new Error('fetch failed', { cause: withCode(code) })).code, 'zoom_unreachable', `${code} as a cause`);
  }
  assert.equal(toProxyError(withCode('UND_ERR_HEADERS_TIMEOUT')).code, 'zoom_timeout');
});

test('an error of the proxy itself stays internal', () => {
  for (const err of [new TypeError('x is undefined'), withCode('ERR_INVALID_ARG_TYPE'), withCode('ERR_STREAM_PREMATURE_CLOSE'), 'a string']) {
    assert.equal(toProxyError(err).code, 'internal', String(err));
  }
});
