import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { T0, harness, jwtClaims } from '../helpers/simulator-harness.js';

const h = await harness();
const alice = DEMO.users.alice;

test('type=zak gives a JWT with Zoom claims, a 2 h ttl by default, counted per user', async () => {
  const before = h.sim.seen.zakMints(alice.email);
  const res = await h.api(`/users/${alice.id}/token?type=zak`);
  assert.equal(res.status, 200);
  const { token } = res.json<{ token: string }>();
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  assert.equal(header.alg, 'HS256');
  const claims = jwtClaims(token);
  assert.equal(claims.aud, 'clientsm');
  assert.equal(claims.uid, alice.id);
  assert.equal(claims.iss, 'web');
  assert.equal(claims.sty, 100);
  assert.equal(claims.wcd, 'us05');
  assert.equal(claims.iat, T0 / 1000);
  assert.equal(claims.exp, T0 / 1000 + 7200);
  assert.equal(typeof claims.jti, 'string');
  assert.equal(h.sim.seen.zakMints(alice.email), before + 1);
  assert.equal(h.sim.seen.zakMints(alice.id), before + 1);
});

test('each ZAK is unique', async () => {
  const a = (await h.api(`/users/${alice.id}/token?type=zak`)).json<{ token: string }>().token;
  const b = (await h.api(`/users/${alice.id}/token?type=zak`)).json<{ token: string }>().token;
  assert.notEqual(jwtClaims(a).jti, jwtClaims(b).jti);
});

test('ttl is honoured up to one year; beyond, or zero, is a 300 error', async () => {
  const res = await h.api(`/users/${alice.id}/token?type=zak&ttl=600`);
  assert.equal(jwtClaims(res.json<{ token: string }>().token).exp, T0 / 1000 + 600);
  const year = await h.api(`/users/${alice.id}/token?type=zak&ttl=31536000`);
  assert.equal(year.status, 200);
  for (const ttl of ['31536001', '0', 'abc']) {
    const bad = await h.api(`/users/${alice.id}/token?type=zak&ttl=${ttl}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.json().code, 300);
  }
});

test('the user may be named by email or as me', async () => {
  for (const who of [encodeURIComponent(alice.email), 'me']) {
    const { token } = (await h.api(`/users/${who}/token?type=zak`)).json<{ token: string }>();
    assert.equal(jwtClaims(token).uid, alice.id);
  }
});

test('an unknown user gets 404 code 1001', async () => {
  const res = await h.api('/users/nobody@example.com/token?type=zak');
  assert.equal(res.status, 404);
  assert.equal(res.json().code, 1001);
});

test('without type, Zoom gives the deprecated legacy token, not a ZAK', async () => {
  const zaks = h.sim.seen.zakMints();
  const legacy = h.sim.seen.legacyTokenMints;
  const res = await h.api(`/users/${alice.id}/token`);
  assert.equal(res.status, 200);
  const { token } = res.json<{ token: string }>();
  assert.equal(token.split('.').length, 1, 'not a JWT');
  assert.equal(h.sim.seen.legacyTokenMints, legacy + 1);
  assert.equal(h.sim.seen.zakMints(), zaks);
});

test('/users/me/zak gives a 5-minute ZAK of the first user', async () => {
  const { token } = (await h.api('/users/me/zak')).json<{ token: string }>();
  const claims = jwtClaims(token);
  assert.equal(claims.uid, alice.id);
  assert.equal(claims.exp, T0 / 1000 + 300);
});

test('a ZAK stops working at its exp, on the injected clock', async (t) => {
  const local = await harness({}, (fn) => t.after(fn));
  const { token } = (await local.api(`/users/${alice.id}/token?type=zak&ttl=60`)).json<{ token: string }>();
  assert.equal(local.sim.checkStartZak(DEMO.meetings.aliceScheduled, token), 'host');
  local.now.ms += 60_000;
  assert.equal(local.sim.checkStartZak(DEMO.meetings.aliceScheduled, token), 'sign_in_required');
});
