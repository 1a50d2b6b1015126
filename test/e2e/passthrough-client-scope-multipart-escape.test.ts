import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { jwtClaims } from '../../src/zoom/jwt-expiry.js';
import { call, viaProxy } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * Regression: a client limited to alice sent `{"schedule_for": bob}` labelled
 * `multipart/form-data; boundary=x` to `/users/me/meetings`; the schedule_for check skipped every
 * multipart-labelled body, so the meeting was created with Bob as host and its signed start link
 * gave Bob's ZAK. Now only a picture upload that really is multipart passes unread.
 */
const agent = useAgent();
const stack = useStack({ logLevel: 'silent' });

const { alice, bob } = DEMO.users;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const apiWrites = () => stack.sim.seen.requests.filter((r) => r.kind === 'api' && r.method !== 'GET');
const asAlice = (path: string, type: string, body: string | Buffer) =>
  viaProxy(stack, agent, 'POST', path, { key: CANARY.scopedKey, headers: { 'content-type': type }, body });

test('a JSON body labelled multipart does not skip the schedule_for check: no meeting for Bob, no ZAK of Bob', async () => {
  const body = JSON.stringify({ topic: 'pwn', schedule_for: bob.email });
  for (const [path, type] of [
    ['/users/me/meetings', 'multipart/form-data; boundary=x'],
    [`/users/${alice.id}/meetings`, 'multipart/form-data; boundary=x'],
    [`/users/${alice.id}/meetings`, 'multipart/mixed'],
    [`/users/${alice.id}/webinars`, 'Multipart/Form-Data; boundary="x"'],
  ] as const) {
    stack.sim.seen.reset();
    const res = await asAlice(path, type, body);
    let host = '-';
    let zakOwner: unknown = '-';
    if (res.status === 201) {
      const created = res.json<{ host_id: string; start_url: string }>();
      host = created.host_id === bob.id ? 'Bob' : created.host_id;
      // Follow the signed start link, as the app's user would.
      const start = await call(agent, 'GET', created.start_url, { key: null });
      const zakUid = jwtClaims(new URL(String(start.headers.location ?? ''), stack.url).searchParams.get('zak') ?? '')?.uid;
      zakOwner = zakUid === bob.id ? "Bob's ZAK" : zakUid;
    }
    assert.deepEqual({ status: res.status, host, zakOwner }, { status: 403, host: '-', zakOwner: '-' }, `${path} (${type})`);
    assert.deepEqual(apiWrites(), [], `${path} (${type}): nothing was created`);
  }
  // Her own meeting, labelled multipart, is read as JSON and passes.
  const own = await asAlice('/users/me/meetings', 'multipart/form-data; boundary=x', JSON.stringify({ topic: 'mine' }));
  assert.equal(own.status, 201);
  assert.equal(own.json<{ host_id: string }>().host_id, alice.id);
});

test("alice's picture upload (real multipart) still reaches Zoom byte for byte, up to Zoom's 2 MB", async () => {
  for (const size of [20_000, 1_900_000]) {
    const picture = Buffer.concat([
      Buffer.from('--AaB03x\r\nContent-Disposition: form-data; name="pic_file"; filename="me.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'),
      randomBytes(size),
      Buffer.from('\r\n--AaB03x--\r\n'),
    ]);
    stack.sim.seen.reset();
    const res = await asAlice(`/users/${alice.id}/picture`, 'multipart/form-data; boundary=AaB03x', picture);
    assert.equal(res.status, 201, `${size}: ${res.text.slice(0, 200)}`);
    const sent = apiWrites();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.bodySha256, sha256(picture), `${size}: byte for byte`);
  }
});

test('a multipart-labelled body on the picture path that is not multipart with its boundary: 400, nothing sent', async () => {
  const part = '--x\r\nContent-Disposition: form-data; name="pic_file"\r\n\r\nabc\r\n';
  for (const [type, body] of [
    ['multipart/form-data; boundary=x', JSON.stringify({ schedule_for: bob.email })],
    ['multipart/form-data; boundary=x', `${part}`], // no closing delimiter
    ['multipart/form-data; boundary=y', `${part}--x--\r\n`], // another boundary than declared
    ['multipart/form-data', `${part}--x--\r\n`], // no boundary at all
    ['multipart/form-data; boundary=x', `--x--\r\n`], // no part
    ['multipart/form-data; boundary=x', `junk${part}--x--\r\n`], // does not start with the delimiter
  ] as const) {
    stack.sim.seen.reset();
    const res = await asAlice(`/users/${alice.id}/picture`, type, body);
    assert.equal(res.status, 400, `${type} ${JSON.stringify(body).slice(0, 60)}: ${res.status}`);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'bad_request');
    assert.deepEqual(apiWrites(), [], 'nothing reached Zoom');
  }
});
