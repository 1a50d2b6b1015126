import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../../src/config/parse-config.js';
import { REMOVE, changed, validConfig } from '../../helpers/valid-config.js';

describe('parseConfig accepts what its rules are close to', () => {
  const accepted: [description: string, raw: unknown][] = [
    ['listen.host 0.0.0.0 with publicUrl', changed(validConfig(), ['listen', 'host'], '0.0.0.0')],
    ['listen.host :: with publicUrl', changed(validConfig(), ['listen', 'host'], '::')],
    ['listen.host 127.0.0.1 without publicUrl', changed(validConfig(), ['publicUrl'], REMOVE)],
    ['listen.host 10.0.0.1 without publicUrl', changed(changed(validConfig(), ['publicUrl'], REMOVE), ['listen', 'host'], '10.0.0.1')],
    ['downloadHosts of real domains', changed(validConfig(), ['zoom', 'downloadHosts'], ['zoom.us', '*.zoom.us', '*.zoomgov.com', 'zoom.co.uk', '*.us06web.zoom.us'])],
    ['downloadHosts with loopback (warned, not refused)', changed(validConfig(), ['zoom', 'downloadHosts'], ['127.0.0.1', 'localhost', '[::1]'])],
    ['a links.secret from openssl rand -base64 48', changed(validConfig(), ['links', 'secret'], 'pQ3vN1c8Yb0Jt+Kz2f6L9wR4sX7mA5dHgE1uI3oT8yCkV2nB6jM0qW4eZ9rU7xS5')],
    ['a links.secret from openssl rand -hex 16', changed(validConfig(), ['links', 'secret'], '3f9a1c7e5b2d8046a1f3c9e7b5d20486')],
    ['keepResponseHeaders in any case', changed(validConfig(), ['passthrough', 'keepResponseHeaders'], ['Set-Cookie', 'STRICT-TRANSPORT-SECURITY'])],
    ['users with an email starting with me', changed(validConfig(), ['clients', 1, 'users'], ['me@example.com', 'meg'])],
  ];
  for (const [description, raw] of accepted) {
    test(description, () => {
      assert.doesNotThrow(() => parseConfig(raw, {}));
    });
  }
});
