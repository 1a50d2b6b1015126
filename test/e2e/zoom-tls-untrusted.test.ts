import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { call, viaProxy } from '../helpers/passthrough.js';
import { CANARY, startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/**
 * Zoom's OAuth endpoint cannot be reached over TLS (here a certificate the proxy does not trust, as
 * behind a TLS-intercepting firewall or with a stale CA bundle): no token, so Zoom cannot be
 * reached. The contract's answer for that is a 502 with a `zoom_*` code, not `500 internal`.
 */
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgunFx4v+ueqKDSEqY
XLAPcZ/jgY+wn8NLv+00F8ILvC6hRANCAAQns/KRuwUszJa17x8WsPpij21eI9bM
YBbaDP06abDRc96HXI8gdTm6V5+VWFJDUOhTzLcYrBHOgoEKZ4bp+xx9
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBezCCASGgAwIBAgIUYEZxrOR+p682CI8a0BS59HBS5FswCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHem9vbS51czAgFw0yNjExMjQwMjI4MzVaGA8yMTI2MTAzMTAy
MjgzNVowEjEQMA4GA1UEAwwHem9vbS51czBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABCez8pG7BSzMlrXvHxaw+mKPbV4j1sxgFtoM/TppsNFz3odcjyB1ObpXn5VY
UkNQ6FPMtxisEc6CgQpnhun7HH2jUzBRMB0GA1UdDgQWBBQPJZzuB2ctaoQ7plz1
Kvc9DQlI7DAfBgNVHSMEGDAWgBQPJZzuB2ctaoQ7plz1Kvc9DQlI7DAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIG38ERbYwoivQQzvTg10r+rb+W4P
2PvedXm56V1oyojeAiEAkjwVc72vujufRakbhH9D7SjYyzFEDZfiqs0VOAvw2js=
-----END CERTIFICATE-----`;

test('a TLS failure while minting the Zoom token is 502 zoom_unreachable on /v2 and /zak, not 500 internal', async (t) => {
  const untrusted = createServer({ key: KEY, cert: CERT }, (_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => untrusted.listen(0, '127.0.0.1', resolve));
  const stack = await startStack({
    simulator: { seed: 'empty' },
    configure: (c) => {
      c.zoom.oauthUrl = `https://127.0.0.1:${(untrusted.address() as AddressInfo).port}/oauth/token`;
    },
  });
  const agent = testAgent();
  t.after(async () => {
    await agent.close();
    await stack.close();
    untrusted.closeAllConnections();
    await new Promise((resolve) => untrusted.close(resolve));
  });

  const answers = [
    await viaProxy(stack, agent, 'GET', '/users/me'),
    await call(agent, 'GET', `${stack.url}/zak?token=${CANARY.botToken}`, { key: null }),
  ];
  const failure = stack.logs.lines().find((l) => l.msg === 'request failed');
  for (const res of answers) {
    assert.equal(res.status, 502, `${res.text}; logged: ${JSON.stringify(failure?.err)}`);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'zoom_unreachable');
  }
  assert.equal(JSON.stringify(failure?.err).includes('SELF_SIGNED'), true, 'the log says why');
});
