import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { viaProxy } from '../helpers/passthrough.js';
import { CANARY, stackForTest } from '../helpers/start-stack.js';
import { testAgent, useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ logLevel: 'silent' });

const { alice, bob } = DEMO.users;
const posts = () => stack.sim.seen.requests.filter((r) => r.kind === 'api' && r.method !== 'GET').map((r) => `${r.method} ${r.rawPath}`);

/** Content-Types Spring's Jackson converter reads (`application/*+json` includes them), and others a lenient reader might take. */
test('any Content-Type but multipart is read as JSON: none of the types a JSON reader may take lets schedule_for through', async () => {
  const results: string[] = [];
  for (const type of ['application/*+json', 'application/+json', 'application/x!+json', 'application/vnd.zoom$v2+json', 'text/json', 'text/plain', '*/*', 'application/*']) {
    stack.sim.seen.reset();
    const res = await viaProxy(stack, agent, 'POST', `/users/${alice.id}/meetings`, {
      key: CANARY.scopedKey, headers: { 'content-type': type }, body: JSON.stringify({ topic: 'x', schedule_for: bob.email }),
    });
    const host = res.status === 201 ? res.json<{ host_id: string }>().host_id : '-';
    results.push(`${type}: ${res.status} host=${host === bob.id ? 'BOB' : host}`);
  }
  assert.ok(results.every((r) => !r.includes('BOB')), results.join('\n'));
});

/** Two Content-Type fields: node keeps the first for req.headers, both go to Zoom. */
test('two Content-Type fields (node keeps the first, Zoom gets both): the body is still read as JSON', async () => {
  stack.sim.seen.reset();
  const res = await agent.request({
    origin: stack.url, path: `/v2/users/${alice.id}/meetings`, method: 'POST',
    headers: ['authorization', `Bearer ${CANARY.scopedKey}`, 'content-type', 'text/plain', 'content-type', 'application/json'],
    body: JSON.stringify({ schedule_for: bob.email }),
  });
  await res.body.text();
  assert.equal(res.statusCode, 403);
  assert.deepEqual(posts(), [], 'nothing was created');
});

test('bodies a restricted client may send: empty (chunked, Content-Length: 00, no Content-Type), its own; a compressed one is 400', async () => {
  const deleteWith = async (key: string, headers: string): Promise<string> => {
    const meeting = stack.sim.addMeeting({ hostId: alice.id });
    const answer = await rawRequest(`DELETE /v2/meetings/${meeting.id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n${headers}Connection: close\r\n\r\n${headers.includes('chunked') ? '0\r\n\r\n' : ''}`);
    assert.equal(stack.sim.meeting(meeting.id), undefined, `${headers}: deleted`);
    return answer;
  };
  // An empty chunked body (what some clients send with DELETE or a body-less POST), with and without a type.
  assert.match(await deleteWith(CANARY.scopedKey, 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n'), / 204 /);
  assert.match(await deleteWith(CANARY.scopedKey, 'Transfer-Encoding: chunked\r\n'), / 204 /);
  assert.match(await deleteWith(CANARY.clientKey, 'Transfer-Encoding: chunked\r\n'), / 204 /, 'the all-users client alike');
  assert.match(await deleteWith(CANARY.scopedKey, 'Content-Length: 00\r\n'), / 204 /);
  // A gzip-coded body cannot be checked: refused, even for alice herself.
  stack.sim.seen.reset();
  const gz = await viaProxy(stack, agent, 'POST', `/users/${alice.id}/meetings`, {
    key: CANARY.scopedKey, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ topic: 'mine' })),
  });
  assert.equal(gz.status, 400);
  // A schedule_for no user can have (500,000 characters): 403 without a look-up, not a Zoom error.
  const long = await viaProxy(stack, agent, 'POST', `/users/${alice.id}/meetings`, { key: CANARY.scopedKey, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ schedule_for: 'a'.repeat(500_000) }) });
  assert.equal(long.status, 403);
  assert.deepEqual(posts(), [], 'neither reached Zoom');
  assert.ok(!stack.sim.seen.requests.some((r) => r.rawPath.length > 1000), 'no look-up of the long value');
});

function rawRequest(text: string, extra?: Buffer, timeoutMs = 3000): Promise<string> {
  const url = new URL(stack.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let out = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`TIMEOUT after ${timeoutMs} ms; got: ${out.slice(0, 200)}`);
    }, timeoutMs);
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('error', (e) => (out += `\n[error ${e.message}]`));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out + '\n[closed]');
    });
    socket.write(text);
    if (extra) socket.write(extra);
  });
}

test('a body over what the proxy holds for the check (replayMaxBytes, at least 1 MiB): 403 and the connection closed, no hang; up to it, checked', async () => {
  const max = Math.max(stack.config.passthrough.replayMaxBytes, 1024 * 1024);
  // Declared length, only the head and part of the body sent.
  const head = `POST /v2/users/${alice.id}/meetings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${CANARY.scopedKey}\r\nContent-Type: application/json\r\nContent-Length: ${max + 10}\r\n\r\n`;
  const a = await rawRequest(head, Buffer.from('{"topic":"'));
  // Chunked, more than max sent, never finished.
  const big = Buffer.alloc(max + 100, 0x61);
  const chunk = Buffer.concat([Buffer.from(`${(big.length + 10).toString(16)}\r\n{"topic":"`), big]);
  const b = await rawRequest(head.replace(/Content-Length: \d+/, 'Transfer-Encoding: chunked'), chunk);
  assert.ok(a.includes(' 403 ') && a.includes('[closed]'), a.slice(0, 100));
  assert.ok(b.includes(' 403 ') && b.includes('[closed]'), b.slice(0, 100));
  // Exactly max bytes: held, checked and sent (alice's own); one more: 403.
  const exact = `{"schedule_for":"${alice.email}","agenda":"${'a'.repeat(max - 40 - alice.email.length)}"}`;
  const padded = exact + ' '.repeat(max - Buffer.byteLength(exact));
  assert.equal(Buffer.byteLength(padded), max);
  stack.sim.seen.reset();
  const c = await viaProxy(stack, agent, 'POST', `/users/${alice.id}/meetings`, { key: CANARY.scopedKey, headers: { 'content-type': 'application/json' }, body: padded });
  assert.equal(c.status, 201);
  const d = await viaProxy(stack, agent, 'POST', `/users/${alice.id}/meetings`, { key: CANARY.scopedKey, headers: { 'content-type': 'application/json' }, body: `${padded} ` });
  assert.equal(d.status, 403);
  assert.equal(posts().length, 1, 'only the one of max bytes reached Zoom');
});

test('JSON shapes and values', async () => {
  const cases: string[] = [
    `[{"schedule_for":"${bob.email}"}]`,
    `{"Schedule_For":"${bob.email}"}`,
    `{"scheduleFor":"${bob.email}"}`,
    `{"SCHEDULE_FOR":"${bob.email}"}`,
    `{"schedule_for":"me"}`,
    `{"schedule_for":"${bob.email} "}`,
    `{"schedule_for":" ${bob.email}"}`,
    `{"schedule_for":"${bob.email.toUpperCase()}"}`,
    `{"schedule_for":"${alice.email}?x"}`,
    `{"schedule_for":"${alice.email}#x"}`,
    `{"schedule_for":"bob%40example.com"}`,
    `{"schedule_for":"${'a'.repeat(5000)}@example.com"}`,
    `{"schedule_for":"${bob.email}\\ud800"}`,
    `{"schedule_for":["${bob.email}"]}`,
    `{"schedule_for":null,"schedule_for":"${bob.email}"}`,
    `${'{"a":'.repeat(10000)}1${'}'.repeat(10000)}`,
    `{"schedule_for":"${alice.email}","x":"${'y'.repeat(80)}\u0001"}`,
  ];
  for (const body of cases) {
    stack.sim.seen.reset();
    const res = await viaProxy(stack, agent, 'POST', `/users/${alice.id}/meetings`, { key: CANARY.scopedKey, headers: { 'content-type': 'application/json' }, body });
    const host = res.status === 201 ? res.json<{ host_id: string }>().host_id : '-';
    assert.notEqual(host, bob.id, body);
    assert.ok(res.status < 500, `${body.slice(0, 60)}: ${res.status}`);
  }
});

test('124 replay of a checked body for a restricted client: same bytes twice, own user', async () => {
  const body = JSON.stringify({ topic: 'r', schedule_for: alice.id, agenda: 'é'.repeat(100) });
  stack.sim.faults.invalidateAccessTokens();
  stack.sim.seen.reset();
  const res = await viaProxy(stack, agent, 'POST', `/users/${alice.id}/meetings`, { key: CANARY.scopedKey, headers: { 'content-type': 'application/json' }, body });
  const sent = stack.sim.seen.requests.filter((r) => r.kind === 'api' && r.method === 'POST').map((r) => r.bodySha256);
  assert.equal(res.status, 201);
  assert.equal(sent.length, 2, 'sent, refused with 124, sent again');
  assert.equal(sent[0], sent[1]);
  assert.equal(sent[0], createHash('sha256').update(body).digest('hex'));
});

test('passthrough.replayMaxBytes 0 (no body replayed): a restricted client still sends bodies, checked', async (t) => {
  const zero = await stackForTest(t, { logLevel: 'silent', configure: (c) => void (c.passthrough.replayMaxBytes = 0) });
  const zeroAgent = testAgent();
  t.after(() => zeroAgent.close());
  const own = await viaProxy(zero, zeroAgent, 'POST', `/users/${alice.id}/meetings`, { key: CANARY.scopedKey, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ topic: 'mine' }) });
  assert.equal(own.status, 201);
  const forBob = await viaProxy(zero, zeroAgent, 'POST', `/users/${alice.id}/meetings`, { key: CANARY.scopedKey, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ schedule_for: bob.email }) });
  assert.equal(forBob.status, 403);
});
